import type { Db, DbClient } from "../db";
import { queueDisputeNotice, queueRevokedNotice } from "../email/notices";
import { recordAuditEvent } from "../licenses/audit";
import { revokeLicense } from "../licenses/revoke-license";
import { rollBackChange } from "../renewals/apply-change";
import { ORDER_TRANSACTION_OPTIONS } from "./fulfil-order";

export const DISPUTE_REASON = "Payment disputed";

export type DisputeOrderResult =
  | { outcome: "not_found" }
  | { outcome: "recorded"; revokedLicenseIds: string[]; changed: boolean };

/**
 * A chargeback: every key of the order is revoked through revokeLicense (reason "Payment
 * disputed"), the order becomes `disputed` and is flagged for review (the owner answers the
 * dispute in Stripe). A renewal or upgrade line is rolled back instead of revoking the key. A dispute before fulfilment leaves the order disputed, so it never gets keys.
 * Idempotent like refundOrder: a repeat changes nothing and writes no audit entry. The customer
 * is told which keys were revoked and why; the owner when the order first becomes disputed.
 */
export async function disputeOrder(
  db: Db,
  input: { orderId: string; actor: string },
  transaction?: DbClient,
): Promise<DisputeOrderResult> {
  const dispute = async (tx: DbClient): Promise<DisputeOrderResult> => {
    const order = await tx.order.findUnique({
      where: { id: input.orderId },
      include: { items: { include: { licenses: { select: { id: true } } } } },
    });
    if (!order) return { outcome: "not_found" };
    const revokedLicenseIds: string[] = [];
    for (const license of order.items.flatMap((item) => item.licenses)) {
      const result = await revokeLicense(db, { licenseId: license.id, reason: DISPUTE_REASON, actor: input.actor }, tx);
      if (result.outcome === "revoked") revokedLicenseIds.push(license.id);
    }
    // A disputed renewal or upgrade is undone like a refunded one; the key itself was paid for before.
    let rolledBack = 0;
    for (const item of order.items.filter((line) => line.kind !== "purchase")) {
      if (await rollBackChange(tx, { itemId: item.id, now: new Date(), actor: input.actor })) rolledBack++;
    }
    const changed = revokedLicenseIds.length > 0 || rolledBack > 0 || order.status !== "disputed" || !order.needsReview;
    await queueRevokedNotice(tx, revokedLicenseIds, DISPUTE_REASON);
    if (order.status !== "disputed") await queueDisputeNotice(tx, order.id, revokedLicenseIds.length);
    if (changed) {
      await tx.order.update({ where: { id: order.id }, data: { status: "disputed", needsReview: true } });
      await recordAuditEvent(tx, {
        actor: input.actor,
        action: "order.disputed",
        subject: `order:${order.id}`,
        details: { revokedLicenseIds },
      });
    }
    return { outcome: "recorded", revokedLicenseIds, changed };
  };
  return transaction ? dispute(transaction) : db.$transaction(dispute, ORDER_TRANSACTION_OPTIONS);
}
