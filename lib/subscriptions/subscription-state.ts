// The Subscription row: what the store knows of a subscription that renews a yearly product's key.
// Every event about it upserts the row (so one arriving before the checkout completes is kept),
// then applies its state only when it is not older than the last state applied: Stripe does not
// deliver events in order. `canceled` is terminal (Stripe never revives a cancelled subscription).
import type { DbClient } from "../db";

export type SubscriptionState = {
  status?: string;
  cancelAtPeriodEnd?: boolean;
  /** Set exactly (the subscription object says), or raised only (`raise`: an invoice paid up to it). */
  currentPeriodEnd?: { set: Date | null } | { raise: Date };
};

/**
 * The subscription's row, created on the first event that names it (status `incomplete` until a
 * state is applied). Also records its Stripe customer and links the key its order issued, when
 * there is one yet. Returns false when the id is already tied to another order (not trusted).
 */
export async function upsertSubscription(
  tx: DbClient,
  input: { id: string; provider: "stripe" | "demo"; orderId: string; customerId?: string | null },
): Promise<boolean> {
  const row = await tx.subscription.upsert({
    where: { id: input.id },
    create: { id: input.id, provider: input.provider, orderId: input.orderId, customerId: input.customerId ?? null, status: "incomplete" },
    update: {},
    select: { orderId: true, customerId: true, licenseId: true },
  });
  if (row.orderId !== input.orderId) return false;
  if (!row.customerId && input.customerId) {
    await tx.subscription.update({ where: { id: input.id }, data: { customerId: input.customerId } });
  }
  if (!row.licenseId) await linkSubscriptionKey(tx, input.id, input.orderId);
  return true;
}

/** Ties the subscription to the key its first order issued (once the order is fulfilled). */
export async function linkSubscriptionKey(tx: DbClient, subscriptionId: string, orderId: string): Promise<void> {
  const license = await tx.license.findFirst({ where: { orderItem: { orderId } }, select: { id: true }, orderBy: { createdAt: "asc" } });
  if (!license) return;
  await tx.subscription.updateMany({ where: { id: subscriptionId, licenseId: null }, data: { licenseId: license.id } });
}

/**
 * Applies a state reported at `at` (the event's creation time), unless a newer one was applied
 * already or the subscription is cancelled; `terminal` (customer.subscription.deleted) applies in
 * any case. Both conditions are in the UPDATE's WHERE, so concurrent events cannot interleave a
 * stale state after a newer one. True when the state was applied.
 */
export async function applySubscriptionState(
  tx: DbClient,
  input: { id: string; at: Date; state: SubscriptionState; terminal?: boolean },
): Promise<boolean> {
  const { state } = input;
  const fresh = input.terminal
    ? { id: input.id }
    : { id: input.id, status: { not: "canceled" }, OR: [{ lastEventAt: null }, { lastEventAt: { lte: input.at } }] };
  const period = state.currentPeriodEnd;
  const { count } = await tx.subscription.updateMany({
    where: fresh,
    data: {
      ...(state.status !== undefined ? { status: state.status } : {}),
      ...(state.cancelAtPeriodEnd !== undefined ? { cancelAtPeriodEnd: state.cancelAtPeriodEnd } : {}),
      ...(period && "set" in period ? { currentPeriodEnd: period.set } : {}),
    },
  });
  if (count === 0) return false;
  // The last applied time only moves forward (a terminal event may be older than it).
  await tx.subscription.updateMany({
    where: { id: input.id, OR: [{ lastEventAt: null }, { lastEventAt: { lt: input.at } }] },
    data: { lastEventAt: input.at },
  });
  if (period && "raise" in period) {
    await tx.subscription.updateMany({
      where: { id: input.id, OR: [{ currentPeriodEnd: null }, { currentPeriodEnd: { lt: period.raise } }] },
      data: { currentPeriodEnd: period.raise },
    });
  }
  return true;
}

/**
 * The order a subscription event is about: the row's order when the subscription is known, else
 * the order named in its metadata, if it is one of our Stripe orders. Null: not one of ours.
 */
export async function findSubscriptionOrderId(
  db: DbClient,
  event: { subscriptionId: string | null; orderId: string | null },
): Promise<string | null> {
  if (!event.subscriptionId) return null;
  const row = await db.subscription.findUnique({ where: { id: event.subscriptionId }, select: { orderId: true } });
  if (row) return row.orderId;
  if (!event.orderId) return null;
  const order = await db.order.findUnique({ where: { id: event.orderId }, select: { id: true, provider: true } });
  return order?.provider === "stripe" ? order.id : null;
}
