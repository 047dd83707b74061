import type { DbClient } from "../db";
import { recordAuditEvent } from "../licenses/audit";

/**
 * Ends an order that was never paid: `failed` (the payment did not go through) or `cancelled`
 * (the buyer gave up, or the checkout expired). Only a pending order changes, with a conditional
 * update, so a late or repeated event can never undo a payment.
 */
export async function closePendingOrder(
  db: DbClient,
  input: { orderId: string; status: "failed" | "cancelled"; actor: string },
): Promise<{ closed: boolean }> {
  const { count } = await db.order.updateMany({
    where: { id: input.orderId, status: "pending" },
    data: { status: input.status },
  });
  if (count === 1) {
    await recordAuditEvent(db, { actor: input.actor, action: `order.${input.status}`, subject: `order:${input.orderId}` });
  }
  return { closed: count === 1 };
}
