import type { Db, Prisma } from "../db";
import { deactivateActivation } from "./deactivate-activation";
import { visibleToCustomer } from "./queries";

export type DeactivateLicenseActivationResult =
  | { outcome: "deactivated"; environment: string }
  | { outcome: "already_inactive" }
  | { outcome: "revoked" }
  | { outcome: "not_found" };

type Target = { licenseId: string; activationId: string; now?: Date };

/**
 * The customer frees a slot on their own key (Account → Licenses). The activation must belong to
 * `licenseId` and the key be one `userId` may see (visibleToCustomer); anything else is not_found,
 * exactly like a missing one.
 */
export function deactivateActivationForCustomer(db: Db, input: Target & { userId: string }) {
  return deactivateOnKey(db, input, { licenseId: input.licenseId, license: visibleToCustomer(input.userId) }, input.userId);
}

/** An admin frees a slot on any key; the admin's id is recorded as the actor. */
export function deactivateActivationAsAdmin(db: Db, input: Target & { actor: string }) {
  return deactivateOnKey(db, input, { licenseId: input.licenseId }, input.actor);
}

/** deactivateActivation's rules (revoked keys frozen, one audit entry), scoped to one key. */
async function deactivateOnKey(
  db: Db,
  target: Target,
  scope: { licenseId: string; license?: Prisma.LicenseWhereInput },
  actor: string,
): Promise<DeactivateLicenseActivationResult> {
  const result = await deactivateActivation(db, { activationId: target.activationId, actor, scope, now: target.now });
  return result.outcome === "deactivated" ? { outcome: "deactivated", environment: result.activation.environment } : result;
}
