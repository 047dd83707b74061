import type { Db } from "../../db";
import { deactivateActivation } from "../../licenses/activate-environment";
import { recordAuditEvent } from "../../licenses/audit";
import { apiError } from "../errors";
import type { ActivationObject } from "./schemas";
import { serializeActivation } from "./serialize-activation";

/**
 * Frees an activation's slot through deactivateActivation (row and counter change together). The
 * row stays, with deactivated_at, for the audit trail, so "deleted" means "no longer holds a
 * slot": an unknown id and one already freed are both 404, and the environment can activate again.
 */
export async function deleteActivation(db: Db, id: string, actor: string): Promise<ActivationObject> {
  if (!(await deactivateActivation(db, id))) throw apiError("NOT_FOUND", "Activation does not exist");
  const row = await db.activation.findUniqueOrThrow({ where: { id } });
  // After the fact rather than inside deactivateActivation's transaction (shared with Verify's
  // deactivate, which records nothing): the activation row itself already carries the change.
  await recordAuditEvent(db, {
    actor,
    action: "activation.deleted",
    subject: `license:${row.licenseId}`,
    details: { activationId: row.id, environment: row.environment },
  });
  return serializeActivation(row);
}
