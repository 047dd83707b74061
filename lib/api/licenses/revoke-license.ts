import type { Db } from "../../db";
import { REVOKE_REASON_MAX_LENGTH, revokeLicense } from "../../licenses/revoke-license";
import { apiError, licenseNotFound } from "../errors";
import { getLicenseRowOrThrow } from "./get-license";
import type { LicenseObject, RevokeLicenseBody } from "./schemas";
import { serializeLicense } from "./serialize-license";

/**
 * Revokes through revokeLicense, the one way keys are revoked (permanent, audited, written once
 * under concurrency). 404 unknown key, 409 already revoked, 422 reason over 500 characters.
 * The customer is emailed only when the caller asks (`notify_customer`).
 */
export async function revokeLicenseByKey(db: Db, rawKey: string, body: RevokeLicenseBody, actor: string): Promise<LicenseObject> {
  const license = await getLicenseRowOrThrow(db, rawKey);
  const result = await revokeLicense(db, { licenseId: license.id, reason: body.reason, actor, notifyCustomer: body.notify_customer });
  if (result.outcome === "not_found") throw licenseNotFound();
  if (result.outcome === "already_revoked") throw apiError("ALREADY_REVOKED", "This license is already revoked");
  if (result.outcome === "invalid_reason") {
    throw apiError("VALIDATION_ERROR", `reason: Reason must be at most ${REVOKE_REASON_MAX_LENGTH} characters`);
  }
  return serializeLicense(await getLicenseRowOrThrow(db, license.key));
}
