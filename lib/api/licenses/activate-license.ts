import type { Db } from "../../db";
import { normalizeClientIp, normalizeDomain, type Environment } from "../../licenses/environment";
import { storedLicenseKey } from "../../licenses/key";
import { verifyLicense } from "../../licenses/verify-license";
import { serializeActivation } from "../activations/serialize-activation";
import { apiError, licenseNotFound } from "../errors";
import { getLicenseRowOrThrow } from "./get-license";
import type { ActivateLicenseBody, ActivateLicenseResult } from "./schemas";
import { licenseObjectInclude, serializeLicense } from "./serialize-license";

/** The caller of the server API: the store owner's backend, recorded on the activation. */
export type ApiCaller = { ip: string | null; userAgent: string | null };

function resolveEnvironment(body: ActivateLicenseBody): { environment: Environment; rawValue: string } {
  if (body.domain !== undefined) {
    const result = normalizeDomain(body.domain);
    if (!result.ok) throw apiError("INVALID_DOMAIN", result.message);
    return { environment: result.environment, rawValue: body.domain };
  }
  const ip = normalizeClientIp(body.ip ?? "");
  if (!ip) throw apiError("INVALID_IP", "ip must be an IPv4 or IPv6 address");
  return { environment: ip, rawValue: body.ip ?? ip.value };
}

/**
 * Activates an environment on behalf of the product by running Verify itself (verifyLicense),
 * so the rules, their order and their codes are exactly Verify's and the slot is counted by the
 * same atomic activateEnvironment. Decided outcomes (VALID, REVOKED, EXPIRED, PRODUCT_MISMATCH,
 * MAX_ACTIVATIONS_EXCEEDED) are data; an unknown key is a 404 like every other route here.
 */
export async function activateLicense(db: Db, rawKey: string, body: ActivateLicenseBody, caller: ApiCaller): Promise<ActivateLicenseResult> {
  const { environment, rawValue } = resolveEnvironment(body);
  const { id, key } = await getLicenseRowOrThrow(db, rawKey);
  const answer = await verifyLicense(
    db,
    { key: storedLicenseKey(key), product: body.product },
    { environment, rawValue, clientIp: caller.ip, userAgent: caller.userAgent },
  );
  if (answer.code === "NOT_FOUND") throw licenseNotFound();

  const [row, activation] = await Promise.all([
    db.license.findUniqueOrThrow({ where: { id }, include: licenseObjectInclude }),
    answer.valid ? db.activation.findUnique({ where: { licenseId_environment: { licenseId: id, environment: environment.value } } }) : null,
  ]);
  return {
    valid: answer.valid,
    code: answer.code,
    message: answer.message,
    environment: answer.environment,
    activation: activation ? serializeActivation(activation) : null,
    license: serializeLicense(row),
  };
}
