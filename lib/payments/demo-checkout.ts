// Demo payments: no money is taken. Only when the store runs without Stripe keys outside
// production, and only for the buyer's own demo orders; paying runs the same fulfilOrder.
import type { Db } from "../db";
import { getEnv } from "../env";
import { ApiError } from "../http/api-error";
import { closePendingOrder } from "../orders/close-order";
import { fulfilOrder, ORDER_TRANSACTION_OPTIONS, type FulfilResult } from "../orders/fulfil-order";
import { startDemoSubscription } from "../subscriptions/demo-subscription";
import { addOneYear, isSubscriptionOrder } from "../subscriptions/subscription-order";

async function findDemoOrder(db: Db, input: { orderId: string; userId: string }) {
  if (getEnv().payments !== "demo") throw new ApiError(404, "NOT_FOUND", "Order not found");
  const order = await db.order.findFirst({
    where: { id: input.orderId, userId: input.userId, provider: "demo" },
    select: { id: true, items: { select: { kind: true, productId: true } } },
  });
  if (!order) throw new ApiError(404, "NOT_FOUND", "Order not found");
  return order;
}

/**
 * The demo checkout's Pay button: fulfils the buyer's own pending demo order. A yearly product's
 * key runs for one year and a demo subscription renewing it starts in the same transaction.
 */
export async function payDemoOrder(db: Db, input: { orderId: string; userId: string }): Promise<FulfilResult> {
  const order = await findDemoOrder(db, input);
  if (!(await isSubscriptionOrder(db, order))) return fulfilOrder(db, order.id, input.userId);
  return db.$transaction(async (tx) => {
    const result = await fulfilOrder(db, order.id, input.userId, tx, { periodEnd: addOneYear(new Date()) });
    const license = result.outcome === "fulfilled" ? result.licenses[0] : undefined;
    if (license) await startDemoSubscription(tx, { orderId: order.id, licenseId: license.id });
    return result;
  }, ORDER_TRANSACTION_OPTIONS);
}

/** The demo checkout's Cancel button: the buyer's own pending demo order is cancelled. */
export async function cancelDemoOrder(db: Db, input: { orderId: string; userId: string }): Promise<{ cancelled: boolean }> {
  const order = await findDemoOrder(db, input);
  const { closed } = await closePendingOrder(db, { orderId: order.id, status: "cancelled", actor: input.userId });
  return { cancelled: closed };
}
