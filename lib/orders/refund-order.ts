import type { Db, DbClient } from "../db";
import { queueRefundReviewNotice, queueRevokedNotice } from "../email/notices";
import { recordAuditEvent } from "../licenses/audit";
import { revokeLicense } from "../licenses/revoke-license";
import { rollBackChange } from "../renewals/apply-change";
import { ORDER_TRANSACTION_OPTIONS } from "./fulfil-order";
import { advanceStatusAfterRefund, applyRefundedMoney, flagForReview, type RefundedMoney } from "./refund-totals";

export const REFUND_REASON = "Refunded";

export type RefundOrderInput = {
  orderId: string;
  /** "all": every key of the order (a full refund); otherwise the keys named (ids of this order's keys). */
  licenses: "all" | string[];
  /**
   * The money: Stripe's cumulative total (`totalCents`, totals only grow: a smaller value changes
   * nothing), an amount to add (`addCents`), or `"revokedKeys"`: the unit price of each key this
   * call revoked is added, so a key another refund revoked first (a double click) adds nothing.
   */
  refunded: RefundedMoney | "revokedKeys";
  /** Money went back without saying which keys: an admin must decide (Admin → Orders flags it). */
  needsReview?: boolean;
  actor: string;
};

export type RefundOrderResult =
  | { outcome: "not_found" }
  | {
      outcome: "recorded";
      status: string;
      refundedCents: number;
      revokedLicenseIds: string[];
      /** Keys whose renewal or upgrade this refund undid (they keep working: never revoked). */
      rolledBackLicenseIds: string[];
      changed: boolean;
    };

/**
 * Records a refund and revokes the refunded keys through revokeLicense (reason "Refunded"), in one
 * transaction. A refunded renewal or upgrade line is rolled back instead (one term off the expiry;
 * the product and limit back), so the key the customer had before keeps working as it did; a line
 * whose key has moved on since (upgraded again) is closed without touching the key and the order
 * is flagged for review. Idempotent: keys already revoked stay as they are, the refunded total never goes
 * down, and the order's audit entry is written only when something changed, so an admin refund
 * followed by Stripe's webhook for it, or a replayed webhook, revokes once and audits once.
 * Concurrent refunds add up: the total moves in the database (a clamped increment, or a raise to
 * Stripe's cumulative total) and the status is judged on the row as updated (refund-totals.ts).
 * A full refund of an order not yet paid marks it refunded, so fulfilOrder will never issue keys
 * for it; a partial one is kept on the order, flagged for review, and fulfilment proceeds.
 * The customer is told which keys were revoked, and the owner when the order newly needs review.
 */
export async function refundOrder(db: Db, input: RefundOrderInput, transaction?: DbClient): Promise<RefundOrderResult> {
  const refund = async (tx: DbClient): Promise<RefundOrderResult> => {
    const order = await tx.order.findUnique({
      where: { id: input.orderId },
      select: { items: { select: { id: true, kind: true, targetLicenseId: true, unitPriceCents: true, licenses: { select: { id: true } } } } },
    });
    if (!order) return { outcome: "not_found" };
    const now = new Date();
    const priceOf = new Map(order.items.flatMap((item) => item.licenses.map((license) => [license.id, item.unitPriceCents] as const)));
    // Sorted: concurrent refunds of one order lock its keys in the same order, so they queue, never deadlock.
    const orderKeys = [...priceOf.keys()].sort();
    const targets = input.licenses === "all" ? orderKeys : orderKeys.filter((id) => input.licenses.includes(id));

    const revokedLicenseIds: string[] = [];
    for (const licenseId of targets) {
      const result = await revokeLicense(db, { licenseId, reason: REFUND_REASON, actor: input.actor }, tx);
      if (result.outcome === "revoked") revokedLicenseIds.push(licenseId);
    }
    // A renewal or upgrade line is undone, not revoked: the key was bought before and stays the customer's.
    const changeLines = order.items.filter(
      (item) => item.kind !== "purchase" && item.targetLicenseId && (input.licenses === "all" || input.licenses.includes(item.targetLicenseId)),
    );
    const rolledBackLicenseIds: string[] = [];
    let rolledBackCents = 0;
    let keyMovedOn = false;
    for (const item of changeLines) {
      const line = await rollBackChange(tx, { itemId: item.id, now, actor: input.actor });
      if (!line) continue;
      rolledBackCents += item.unitPriceCents;
      if (line.undone) rolledBackLicenseIds.push(line.licenseId);
      else keyMovedOn = true; // refunded, but the key was not put back (it moved on since): the owner decides
    }

    const money: RefundedMoney =
      input.refunded === "revokedKeys"
        ? { addCents: revokedLicenseIds.reduce((sum, id) => sum + (priceOf.get(id) ?? 0), 0) + rolledBackCents }
        : input.refunded;
    // Each write is conditional and judged in the database; none may be skipped because an earlier
    // one changed nothing (another refund may have moved the total this one's status depends on).
    const moneyChanged = await applyRefundedMoney(tx, input.orderId, money);
    const statusChanged = await advanceStatusAfterRefund(tx, input.orderId, input.licenses === "all");
    const flagged = input.needsReview ? await flagForReview(tx, input.orderId) : false;
    // Flagged without the owner's "refund named no keys" notice, which would not be true here; the
    // key's audit entry (license.upgrade_rollback_skipped) says what was left.
    const flaggedMovedOn = keyMovedOn ? await flagForReview(tx, input.orderId) : false;
    const changed =
      revokedLicenseIds.length > 0 || rolledBackLicenseIds.length > 0 || keyMovedOn || moneyChanged || statusChanged || flagged || flaggedMovedOn;

    const updated = await tx.order.findUniqueOrThrow({
      where: { id: input.orderId },
      select: { status: true, refundedCents: true, needsReview: true },
    });
    await queueRevokedNotice(tx, revokedLicenseIds, REFUND_REASON);
    if (flagged) await queueRefundReviewNotice(tx, input.orderId);
    if (changed) {
      await recordAuditEvent(tx, {
        actor: input.actor,
        action: "order.refunded",
        subject: `order:${input.orderId}`,
        details: { status: updated.status, refundedCents: updated.refundedCents, revokedLicenseIds, rolledBackLicenseIds, needsReview: updated.needsReview },
      });
    }
    return { outcome: "recorded", status: updated.status, refundedCents: updated.refundedCents, revokedLicenseIds, rolledBackLicenseIds, changed };
  };
  return transaction ? refund(transaction) : db.$transaction(refund, ORDER_TRANSACTION_OPTIONS);
}
