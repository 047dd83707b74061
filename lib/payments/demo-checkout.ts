// Demo payments: no money is taken. Only when the store runs without Stripe keys outside
// production, and only for the buyer's own demo orders; paying runs the same fulfilOrder.
import type { Db } from "../db";
import { getEnv } from "../env";
import { ApiError } from "../http/api-error";
import { closePendingOrder } from "../orders/close-order";
import { fulfilOrder, type FulfilResult } from "../orders/fulfil-order";

async function findDemoOrder(db: Db, input: { orderId: string; userId: string }) {
  if (getEnv().payments !== "demo") throw new ApiError(404, "NOT_FOUND", "Order not found");
  const order = await db.order.findFirst({
    where: { id: input.orderId, userId: input.userId, provider: "demo" },
    select: { id: true },
  });
  if (!order) throw new ApiError(404, "NOT_FOUND", "Order not found");
  return order;
}

/** The demo checkout's Pay button: fulfils the buyer's own pending demo order. */
export async function payDemoOrder(db: Db, input: { orderId: string; userId: string }): Promise<FulfilResult> {
  const order = await findDemoOrder(db, input);
  return fulfilOrder(db, order.id, input.userId);
}

/** The demo checkout's Cancel button: the buyer's own pending demo order is cancelled. */
export async function cancelDemoOrder(db: Db, input: { orderId: string; userId: string }): Promise<{ cancelled: boolean }> {
  const order = await findDemoOrder(db, input);
  const { closed } = await closePendingOrder(db, { orderId: order.id, status: "cancelled", actor: input.userId });
  return { cancelled: closed };
}
