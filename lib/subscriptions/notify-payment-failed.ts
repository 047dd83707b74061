// The customer is told when a subscription payment fails, in the transaction that records it.
import type { DbClient } from "../db";
import { queueEmail } from "../email/outbox";
import { maskLicenseKey } from "../licenses/key";

/**
 * Queues "payment failed" to the owner of the subscription's key, with a link to the key's page
 * (where Manage billing is). Nothing when the subscription has no key yet: a first payment that
 * fails happens on the Checkout page, in front of the buyer.
 */
export async function notifySubscriptionPaymentFailed(
  tx: DbClient,
  input: { subscriptionId: string; amountCents: number; currency: string },
): Promise<boolean> {
  const subscription = await tx.subscription.findUnique({
    where: { id: input.subscriptionId },
    select: { license: { select: { id: true, key: true, productName: true, expiresAt: true, revokedAt: true, userId: true, user: { select: { email: true } } } } },
  });
  const license = subscription?.license;
  if (!license || license.revokedAt) return false;
  await queueEmail(tx, {
    to: license.user.email,
    userId: license.userId,
    content: {
      kind: "subscription_payment_failed",
      licenseId: license.id,
      productName: license.productName,
      maskedKey: maskLicenseKey(license.key),
      expiresAt: license.expiresAt,
      amountCents: input.amountCents,
      currency: input.currency,
    },
  });
  return true;
}
