import type { Db, Prisma } from "../db";
import { deactivateActivation } from "./activate-environment";
import { recordAuditEvent } from "./audit";

export type DeactivateLicenseActivationResult =
  | { outcome: "deactivated"; environment: string }
  | { outcome: "already_inactive" }
  | { outcome: "revoked" }
  | { outcome: "not_found" };

type Target = { licenseId: string; activationId: string; now?: Date };

/**
 * The customer frees a slot on their own key (Account → Licenses). The activation must belong to
 * `licenseId` and the key to `userId`; anything else is not_found, exactly like a missing one.
 */
export function deactivateActivationForCustomer(db: Db, input: Target & { userId: string }) {
  return deactivateWhere(db, input, { id: input.licenseId, userId: input.userId }, input.userId);
}

/** An admin frees a slot on any key; the admin's id is recorded as the actor. */
export function deactivateActivationAsAdmin(db: Db, input: Target & { actor: string }) {
  return deactivateWhere(db, input, { id: input.licenseId }, input.actor);
}

/**
 * Frees the slot through deactivateActivation and writes the audit entry in the same transaction.
 * A revoked key's activations are frozen: they are the record of where the key was in use.
 */
async function deactivateWhere(
  db: Db,
  target: Target,
  licenseWhere: Prisma.LicenseWhereInput,
  actor: string,
): Promise<DeactivateLicenseActivationResult> {
  return db.$transaction(async (tx) => {
    const activation = await tx.activation.findFirst({
      where: { id: target.activationId, licenseId: target.licenseId, license: licenseWhere },
      select: { environment: true, license: { select: { revokedAt: true } } },
    });
    if (!activation) return { outcome: "not_found" };
    if (activation.license.revokedAt) return { outcome: "revoked" };
    if (!(await deactivateActivation(db, target.activationId, target.now ?? new Date(), tx))) {
      return { outcome: "already_inactive" };
    }
    await recordAuditEvent(tx, {
      actor,
      action: "license.activation_deactivated",
      subject: `license:${target.licenseId}`,
      details: { activationId: target.activationId, environment: activation.environment },
    });
    return { outcome: "deactivated", environment: activation.environment };
  });
}
