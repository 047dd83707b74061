import type { Db, License } from "../db";
import { queueReplacementNotice } from "../email/notices";
import { recordAuditEvent } from "./audit";
import { issueLicense } from "./issue-license";
import { maskLicenseKey } from "./key";
import { revokeLicense } from "./revoke-license";

export type ReplaceLicenseResult =
  | { outcome: "replaced"; replacement: License; revokedOriginal: boolean }
  | { outcome: "already_replaced" }
  | { outcome: "not_found" };

class AlreadyReplaced extends Error {}

/**
 * Issues a new key in place of an old one (a leaked key, a customer who lost control of one):
 * same owner, product snapshot, Max Activations, expiry and order line, with no activations. The
 * old key is revoked with the reason "Replaced by CP-…" (masked) unless it already was. One
 * transaction: either the customer has the new key and the old one is revoked, or nothing changed.
 * A key is replaced at most once: the conditional update of `replacedById` lets one of two
 * concurrent replacements (a double click) through and rolls the other back. The owner is emailed
 * the new key in the same transaction.
 */
export async function replaceLicense(
  db: Db,
  input: { licenseId: string; actor: string; now?: Date },
): Promise<ReplaceLicenseResult> {
  const now = input.now ?? new Date();
  return db.$transaction(async (tx): Promise<ReplaceLicenseResult> => {
    const original = await tx.license.findUnique({ where: { id: input.licenseId } });
    if (!original) return { outcome: "not_found" };
    const replacement = await issueLicense(tx, {
      userId: original.userId,
      product: { id: original.productId, name: original.productName, maxActivations: original.maxActivations, validityDays: null },
      orderItemId: original.orderItemId,
      maxActivations: original.maxActivations,
      expiresAt: original.expiresAt,
      actor: input.actor,
      now,
    });
    const claimed = await tx.license.updateMany({
      where: { id: original.id, replacedById: null },
      data: { replacedById: replacement.id },
    });
    if (claimed.count === 0) throw new AlreadyReplaced();
    const maskedReplacement = maskLicenseKey(replacement.key);
    const revoked = await revokeLicense(
      db,
      { licenseId: original.id, reason: `Replaced by ${maskedReplacement}`, actor: input.actor, now },
      tx,
    );
    await recordAuditEvent(tx, {
      actor: input.actor,
      action: "license.replaced",
      subject: `license:${original.id}`,
      details: { replacementId: replacement.id, replacementKey: maskedReplacement },
    });
    await recordAuditEvent(tx, {
      actor: input.actor,
      action: "license.issued_as_replacement",
      subject: `license:${replacement.id}`,
      details: { originalId: original.id, originalKey: maskLicenseKey(original.key) },
    });
    await queueReplacementNotice(tx, original, replacement);
    return { outcome: "replaced", replacement, revokedOriginal: revoked.outcome === "revoked" };
  }).catch((error: unknown) => {
    if (error instanceof AlreadyReplaced) return { outcome: "already_replaced" } as const;
    throw error;
  });
}
