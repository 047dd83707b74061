// Demo subscriptions: in demo mode a yearly product's purchase starts a subscription that takes no
// money and renews when the owner advances the demo clock (advance-demo-clock.ts), so the whole
// journey (renewal receipt, "Renews automatically", cancelling) can be tried without Stripe.
import type { Db, DbClient } from "../db";
import { getEnv } from "../env";
import { ApiError } from "../http/api-error";

export const demoSubscriptionId = (orderId: string) => `demo_sub_${orderId}`;

/**
 * Starts the demo subscription of a just-fulfilled yearly order, in its fulfilment transaction:
 * active, renewing at the key's expiry. Nothing for a lifetime key (there is nothing to renew).
 */
export async function startDemoSubscription(tx: DbClient, input: { orderId: string; licenseId: string }): Promise<void> {
  const license = await tx.license.findUniqueOrThrow({ where: { id: input.licenseId }, select: { expiresAt: true } });
  if (!license.expiresAt) return;
  await tx.subscription.create({
    data: {
      id: demoSubscriptionId(input.orderId),
      provider: "demo",
      orderId: input.orderId,
      licenseId: input.licenseId,
      status: "active",
      currentPeriodEnd: license.expiresAt,
    },
  });
}

/**
 * Demo mode's stand-in for Stripe's billing portal: the customer cancels their own demo
 * subscription at the period's end (the key then lapses at its expiry). 404 for anyone else's key,
 * a Stripe subscription, or outside demo payments.
 */
export async function cancelDemoSubscription(db: Db, input: { licenseId: string; userId: string }): Promise<{ cancelled: boolean }> {
  if (getEnv().payments !== "demo") throw new ApiError(404, "NOT_FOUND", "Subscription not found");
  const subscription = await db.subscription.findFirst({
    where: { licenseId: input.licenseId, provider: "demo", license: { userId: input.userId } },
    select: { id: true },
  });
  if (!subscription) throw new ApiError(404, "NOT_FOUND", "Subscription not found");
  const { count } = await db.subscription.updateMany({
    where: { id: subscription.id, status: { not: "canceled" }, cancelAtPeriodEnd: false },
    data: { cancelAtPeriodEnd: true },
  });
  return { cancelled: count === 1 };
}
