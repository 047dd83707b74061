import type { Db, DbClient } from "../db";
import { recordAuditEvent } from "../licenses/audit";
import { revokeLicense } from "../licenses/revoke-license";
import { ORDER_TRANSACTION_OPTIONS } from "./fulfil-order";
import { statusAfterRefund } from "./status";

export const REFUND_REASON = "Refunded";

export type RefundOrderInput = {
  orderId: string;
  /** "all": every key of the order (a full refund); otherwise the keys named (ids of this order's keys). */
  licenses: "all" | string[];
  /** The order's total refunded so far, including this refund. Totals only grow: a smaller value changes nothing. */
  refundedCents: number;
  /** Money went back without saying which keys: an admin must decide (Admin → Orders flags it). */
  needsReview?: boolean;
  actor: string;
};

export type RefundOrderResult =
  | { outcome: "not_found" }
  | { outcome: "recorded"; status: string; refundedCents: number; revokedLicenseIds: string[]; changed: boolean };

/**
 * Records a refund and revokes the refunded keys through revokeLicense (reason "Refunded"), in one
 * transaction. Idempotent: keys already revoked stay as they are, the refunded total never goes
 * down, and the order's audit entry is written only when something changed, so an admin refund
 * followed by Stripe's webhook for it, or a replayed webhook, revokes once and audits once.
 * A full refund of an order not yet paid marks it refunded, so fulfilOrder will never issue keys
 * for it; a partial one is kept on the order, flagged for review, and fulfilment proceeds.
 */
export async function refundOrder(db: Db, input: RefundOrderInput, transaction?: DbClient): Promise<RefundOrderResult> {
  const refund = async (tx: DbClient): Promise<RefundOrderResult> => {
    const order = await tx.order.findUnique({
      where: { id: input.orderId },
      include: { items: { include: { licenses: { select: { id: true } } } } },
    });
    if (!order) return { outcome: "not_found" };
    const orderLicenseIds = order.items.flatMap((item) => item.licenses.map((license) => license.id));
    const targets = input.licenses === "all" ? orderLicenseIds : orderLicenseIds.filter((id) => input.licenses.includes(id));

    const revokedLicenseIds: string[] = [];
    for (const licenseId of targets) {
      const result = await revokeLicense(db, { licenseId, reason: REFUND_REASON, actor: input.actor }, tx);
      if (result.outcome === "revoked") revokedLicenseIds.push(licenseId);
    }

    const refundedCents = Math.max(order.refundedCents, Math.min(input.refundedCents, order.amountCents));
    const fullyRefunded = input.licenses === "all" || refundedCents >= order.amountCents;
    const status =
      order.status === "pending" && !fullyRefunded
        ? "pending" // fulfilment still to come: it issues the keys and then reads the refund
        : statusAfterRefund(order.status, fullyRefunded);
    const needsReview = order.needsReview || Boolean(input.needsReview);
    const changed =
      revokedLicenseIds.length > 0 ||
      status !== order.status ||
      refundedCents !== order.refundedCents ||
      needsReview !== order.needsReview;
    if (changed) {
      await tx.order.update({ where: { id: order.id }, data: { status, refundedCents, needsReview } });
      await recordAuditEvent(tx, {
        actor: input.actor,
        action: "order.refunded",
        subject: `order:${order.id}`,
        details: { status, refundedCents, revokedLicenseIds, needsReview },
      });
    }
    return { outcome: "recorded", status, refundedCents, revokedLicenseIds, changed };
  };
  return transaction ? refund(transaction) : db.$transaction(refund, ORDER_TRANSACTION_OPTIONS);
}
