import type { Activation, Db, DbClient, Prisma } from "../db";
import { recordAuditEvent } from "./audit";

/** The audit actor of changes made by installed products through the public license API. */
export const PUBLIC_API_ACTOR = "public-api";

export type DeactivateActivationResult =
  | { outcome: "deactivated"; activation: Activation }
  | { outcome: "already_inactive" }
  | { outcome: "revoked" }
  | { outcome: "not_found" };

export type DeactivateActivationInput = {
  activationId: string;
  /** Who frees the slot, as the audit entry names them: "public-api", "api:<key prefix>", a user id. */
  actor: string;
  /** Which activations this caller may reach (e.g. its own keys'); any other is not_found. */
  scope?: Prisma.ActivationWhereInput;
  /** More audit details beside the activation and environment (the installed product's IP). */
  details?: Record<string, unknown>;
  now?: Date;
};

/**
 * THE way a slot is freed, for every path: the installed product (public Deactivate), the server
 * API, the customer and the admin. The row stays, with deactivatedAt, for the audit trail.
 *
 * - A revoked key's activations are frozen (they record where the key was in use): refused.
 *   Enforced in the database, not by a read: the first write is a conditional UPDATE of the
 *   License row `WHERE revokedAt IS NULL`, which also locks the row until commit. A revoke that
 *   committed first makes it match nothing (PostgreSQL re-reads the row after waiting, even under
 *   READ COMMITTED); a revoke that comes later waits for this commit. So a key can never end up
 *   revoked with a slot freed after its revocation. (On SQLite transactions take turns anyway.)
 * - The activation row and the counter change together, once: concurrent calls free one slot.
 * - Every success writes one audit entry in the same transaction.
 *
 * With `transaction`, it joins the caller's transaction instead of opening one.
 */
export async function deactivateActivation(
  db: Db,
  input: DeactivateActivationInput,
  transaction?: DbClient,
): Promise<DeactivateActivationResult> {
  const now = input.now ?? new Date();
  const deactivate = async (tx: DbClient): Promise<DeactivateActivationResult> => {
    const target = await tx.activation.findFirst({
      where: { ...input.scope, id: input.activationId },
      select: { licenseId: true },
    });
    if (!target) return { outcome: "not_found" };
    const unrevoked = await tx.$executeRaw`
      UPDATE "License" SET "activationsUsed" = "activationsUsed"
      WHERE "id" = ${target.licenseId} AND "revokedAt" IS NULL`;
    if (unrevoked === 0) return { outcome: "revoked" };

    const { count } = await tx.activation.updateMany({
      where: { id: input.activationId, deactivatedAt: null },
      data: { deactivatedAt: now },
    });
    if (count === 0) return { outcome: "already_inactive" };
    // Read after the update: the row is ours until commit, so `local` cannot change under us.
    const activation = await tx.activation.findUniqueOrThrow({ where: { id: input.activationId } });
    if (!activation.local) {
      await tx.$executeRaw`
        UPDATE "License" SET "activationsUsed" = "activationsUsed" - 1
        WHERE "id" = ${activation.licenseId} AND "activationsUsed" > 0`;
    }
    await recordAuditEvent(tx, {
      actor: input.actor,
      action: "license.activation_deactivated",
      subject: `license:${activation.licenseId}`,
      details: { activationId: activation.id, environment: activation.environment, ...input.details },
    });
    return { outcome: "deactivated", activation };
  };
  return transaction ? deactivate(transaction) : db.$transaction(deactivate);
}
