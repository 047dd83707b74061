// Account → Licenses → a key → Manage billing: Stripe's billing portal, where the customer updates
// their card or cancels. Stripe's events (customer.subscription.updated / deleted) tell us after.
import type { Db } from "../db";
import { getEnv } from "../env";
import { ApiError } from "../http/api-error";
import { createBillingPortalSession } from "../payments/stripe";

/**
 * A billing portal session for the customer's own key's Stripe subscription, returning to the
 * key's page. 404 (saying nothing more) for anyone else's key, a key without a Stripe
 * subscription, or a demo subscription (demo mode has no portal: its Cancel button stands in).
 */
export async function openBillingPortal(db: Db, input: { licenseId: string; userId: string }): Promise<{ url: string }> {
  const subscription = await db.subscription.findFirst({
    where: { licenseId: input.licenseId, provider: "stripe", license: { userId: input.userId } },
    select: { customerId: true },
  });
  if (!subscription?.customerId) throw new ApiError(404, "NOT_FOUND", "This key has no subscription to manage");
  const returnUrl = `${getEnv().publicUrl}/account/licenses/${encodeURIComponent(input.licenseId)}`;
  return createBillingPortalSession(subscription.customerId, returnUrl);
}
