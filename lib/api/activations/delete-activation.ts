import type { Db } from "../../db";
import { deactivateActivation } from "../../licenses/deactivate-activation";
import { apiError } from "../errors";
import type { ActivationObject } from "./schemas";
import { serializeActivation } from "./serialize-activation";

/**
 * Frees an activation's slot through deactivateActivation, the rule every path shares (row,
 * counter and audit entry in one transaction). The row stays, with deactivated_at, so "deleted"
 * means "no longer holds a slot": an unknown id and one already freed are both 404, and the
 * environment can activate again. A revoked key's activations are frozen: 409 LICENSE_REVOKED.
 */
export async function deleteActivation(db: Db, id: string, actor: string): Promise<ActivationObject> {
  const result = await deactivateActivation(db, { activationId: id, actor });
  if (result.outcome === "revoked") {
    throw apiError("LICENSE_REVOKED", "This activation's license is revoked: its activations are kept as the record of where it was used");
  }
  if (result.outcome !== "deactivated") throw apiError("NOT_FOUND", "Activation does not exist");
  return serializeActivation(result.activation);
}
