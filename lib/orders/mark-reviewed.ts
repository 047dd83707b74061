import type { Db } from "../db";
import { recordAuditEvent } from "../licenses/audit";

/**
 * The admin has looked at a flagged order (a refund that named no keys, a dispute) and decided:
 * the flag goes, with an audit entry. A repeat changes nothing.
 */
export async function markOrderReviewed(db: Db, input: { orderId: string; actor: string }): Promise<{ changed: boolean }> {
  return db.$transaction(async (tx) => {
    const { count } = await tx.order.updateMany({ where: { id: input.orderId, needsReview: true }, data: { needsReview: false } });
    if (count === 1) await recordAuditEvent(tx, { actor: input.actor, action: "order.reviewed", subject: `order:${input.orderId}` });
    return { changed: count === 1 };
  });
}
