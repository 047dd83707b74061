import type { Db } from "../db";
import { recordAuditEvent } from "./audit";

export type ChangeMaxActivationsResult =
  | { outcome: "changed"; from: number; to: number }
  | { outcome: "unchanged" }
  | { outcome: "revoked" }
  | { outcome: "not_found" };

/**
 * Sets a key's Max Activations (0 = unlimited), with an audit entry in the same transaction. It
 * only moves the limit: lowering it below the used count keeps every existing activation and
 * blocks new environments until enough are freed. A revoked key is final and is left alone.
 */
export async function changeMaxActivations(
  db: Db,
  input: { licenseId: string; maxActivations: number; actor: string },
): Promise<ChangeMaxActivationsResult> {
  return db.$transaction(async (tx) => {
    const license = await tx.license.findUnique({
      where: { id: input.licenseId },
      select: { maxActivations: true, revokedAt: true },
    });
    if (!license) return { outcome: "not_found" };
    if (license.revokedAt) return { outcome: "revoked" };
    if (license.maxActivations === input.maxActivations) return { outcome: "unchanged" };
    // Conditional on the key still being unrevoked: a revocation committed meanwhile wins.
    const { count } = await tx.license.updateMany({
      where: { id: input.licenseId, revokedAt: null },
      data: { maxActivations: input.maxActivations },
    });
    if (count === 0) return { outcome: "revoked" };
    await recordAuditEvent(tx, {
      actor: input.actor,
      action: "license.max_activations_changed",
      subject: `license:${input.licenseId}`,
      details: { from: license.maxActivations, to: input.maxActivations },
    });
    return { outcome: "changed", from: license.maxActivations, to: input.maxActivations };
  });
}
