import type { Db, DbClient, License } from "../db";
import { queueOrderPaidEmails } from "../email/notices";
import { recordAuditEvent } from "../licenses/audit";
import { issueLicense } from "../licenses/issue-license";
import { applyRenewal, applyUpgrade } from "../renewals/apply-change";

export type FulfilResult =
  /** `licenses`: the keys issued; `changed`: the keys a renewal or upgrade line changed, as they are now. */
  | { outcome: "fulfilled"; licenses: License[]; changed: License[] }
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
 * A renewal or upgrade line changes the key it names instead (lib/renewals/apply-change.ts); one
 * that cannot apply (the key was revoked meanwhile) flags the order for review.
 * The receipt with every key and the owner's notice are queued in the same transaction.
 */
export type FulfilOptions = {
  /** A subscription's first or renewed period: new keys expire, and renewed keys run, until its end. */
  periodEnd?: Date;
};

export async function fulfilOrder(
  db: Db,
  orderId: string,
  actor: string,
  transaction?: DbClient,
  options: FulfilOptions = {},
): Promise<FulfilResult> {
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
    const changed: License[] = [];
    const notApplied: { itemId: string; licenseId: string | null; reason: string }[] = [];
    for (const item of order.items) {
      if (item.kind === "renewal" || item.kind === "upgrade") {
        const result =
          item.kind === "renewal"
            ? await applyRenewal(tx, { item, now, actor, until: options.periodEnd })
            : await applyUpgrade(tx, { item, now, actor });
        if (result.applied) changed.push(await tx.license.findUniqueOrThrow({ where: { id: result.licenseId } }));
        else notApplied.push({ itemId: item.id, licenseId: result.licenseId, reason: result.reason });
        continue;
      }
      const product = {
        id: item.productId,
        name: item.productName, // the name the customer bought, not a later rename
        maxActivations: item.product.maxActivations,
        validityDays: item.product.validityDays,
      };
      for (let unit = 0; unit < item.quantity; unit++) {
        const expiresAt = options.periodEnd && product.validityDays !== null ? options.periodEnd : undefined;
        licenses.push(await issueLicense(tx, { userId: order.userId, product, orderItemId: item.id, actor, now, expiresAt }));
      }
    }
    if (order.refundedCents > 0) {
      await tx.order.update({ where: { id: orderId }, data: { status: "partially_refunded", needsReview: true } });
    }
    if (notApplied.length > 0) {
      // Paid, but the key could not take the change (revoked or changed meanwhile): the owner decides.
      await tx.order.update({ where: { id: orderId }, data: { needsReview: true } });
      await recordAuditEvent(tx, { actor, action: "order.change_not_applied", subject: `order:${orderId}`, details: { lines: notApplied } });
    }
    await recordAuditEvent(tx, {
      actor,
      action: "order.paid",
      subject: `order:${orderId}`,
      details: { provider: order.provider, amountCents: order.amountCents, licenses: licenses.length, changed: changed.length },
    });
    await queueOrderPaidEmails(tx, orderId, licenses, changed);
    return { outcome: "fulfilled", licenses, changed };
  };
  return transaction ? fulfil(transaction) : db.$transaction(fulfil, ORDER_TRANSACTION_OPTIONS);
}
