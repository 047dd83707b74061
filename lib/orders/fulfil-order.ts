import type { Db, DbClient, License } from "../db";
import { queueOrderPaidEmails } from "../email/notices";
import { recordAuditEvent } from "../licenses/audit";
import { issueLicense } from "../licenses/issue-license";

export type FulfilResult =
  | { outcome: "fulfilled"; licenses: License[] }
  /** Already paid, refunded, disputed, failed or cancelled: nothing was issued. */
  | { outcome: "not_pending"; status: string }
  | { outcome: "not_found" };

/** Interactive transactions default to 5 s; a 100-unit order issues 100 keys with their audit rows. */
export const ORDER_TRANSACTION_OPTIONS = { timeout: 30_000, maxWait: 10_000 } as const;

/**
 * THE way an order is fulfilled (demo checkout, Stripe webhooks): in one transaction, flip the
 * order from pending to paid with a conditional update and issue one key per unit. Only the call
 * that wins the flip issues keys, so replays and concurrent deliveries issue them exactly once,
 * and an order refunded, disputed or cancelled before it was paid never gets keys. A partial refund
 * recorded while the order was pending leaves it `partially_refunded` (and flagged for review).
 * The receipt with every key and the owner's notice are queued in the same transaction.
 */
export async function fulfilOrder(db: Db, orderId: string, actor: string, transaction?: DbClient): Promise<FulfilResult> {
  const fulfil = async (tx: DbClient): Promise<FulfilResult> => {
    const now = new Date();
    const { count } = await tx.order.updateMany({
      where: { id: orderId, status: "pending" },
      data: { status: "paid", paidAt: now },
    });
    if (count === 0) {
      const existing = await tx.order.findUnique({ where: { id: orderId }, select: { status: true } });
      return existing ? { outcome: "not_pending", status: existing.status } : { outcome: "not_found" };
    }
    const order = await tx.order.findUniqueOrThrow({
      where: { id: orderId },
      include: { items: { include: { product: true }, orderBy: { id: "asc" } } },
    });
    const licenses: License[] = [];
    for (const item of order.items) {
      const product = {
        id: item.productId,
        name: item.productName, // the name the customer bought, not a later rename
        maxActivations: item.product.maxActivations,
        validityDays: item.product.validityDays,
      };
      for (let unit = 0; unit < item.quantity; unit++) {
        licenses.push(await issueLicense(tx, { userId: order.userId, product, orderItemId: item.id, actor, now }));
      }
    }
    if (order.refundedCents > 0) {
      await tx.order.update({ where: { id: orderId }, data: { status: "partially_refunded", needsReview: true } });
    }
    await recordAuditEvent(tx, {
      actor,
      action: "order.paid",
      subject: `order:${orderId}`,
      details: { provider: order.provider, amountCents: order.amountCents, licenses: licenses.length },
    });
    await queueOrderPaidEmails(tx, orderId, licenses);
    return { outcome: "fulfilled", licenses };
  };
  return transaction ? fulfil(transaction) : db.$transaction(fulfil, ORDER_TRANSACTION_OPTIONS);
}
