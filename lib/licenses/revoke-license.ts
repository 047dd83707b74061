import type { DbClient, Db } from "../db";
import { queueRevokedNotice } from "../email/notices";
import { recordAuditEvent } from "./audit";

export const REVOKE_REASON_MAX_LENGTH = 500;

export type RevokeResult =
  | { outcome: "revoked"; licenseId: string; revokedAt: Date }
  | { outcome: "already_revoked"; licenseId: string; revokedAt: Date }
  | { outcome: "not_found" }
  | { outcome: "invalid_reason" };

/**
 * THE way a key is revoked (admin button, API, CLI, refunds and disputes): permanent, with an
 * optional reason of at most 500 characters, who did it and when, and one audit entry. The
 * conditional update makes concurrent or repeated revocations write exactly once. With
 * `notifyCustomer`, the key's owner is emailed the reason, in the same transaction (refunds and
 * disputes tell the customer once for all of an order's keys instead).
 */
export async function revokeLicense(
  db: Db,
  input: { licenseId: string; reason?: string | null; actor: string; now?: Date; notifyCustomer?: boolean },
  transaction?: DbClient,
): Promise<RevokeResult> {
  const reason = input.reason?.trim() || null;
  if (reason && reason.length > REVOKE_REASON_MAX_LENGTH) return { outcome: "invalid_reason" };
  const now = input.now ?? new Date();

  const revoke = async (tx: DbClient): Promise<RevokeResult> => {
    const { count } = await tx.license.updateMany({
      where: { id: input.licenseId, revokedAt: null },
      data: { revokedAt: now, revokeReason: reason, revokedBy: input.actor },
    });
    if (count === 1) {
      await recordAuditEvent(tx, {
        actor: input.actor,
        action: "license.revoked",
        subject: `license:${input.licenseId}`,
        details: reason ? { reason } : undefined,
      });
      if (input.notifyCustomer) await queueRevokedNotice(tx, [input.licenseId], reason);
      return { outcome: "revoked", licenseId: input.licenseId, revokedAt: now };
    }
    const existing = await tx.license.findUnique({ where: { id: input.licenseId }, select: { revokedAt: true } });
    if (!existing) return { outcome: "not_found" };
    return { outcome: "already_revoked", licenseId: input.licenseId, revokedAt: existing.revokedAt ?? now };
  };

  return transaction ? revoke(transaction) : db.$transaction(revoke);
}
