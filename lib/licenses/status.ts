export type LicenseStatus = "active" | "expired" | "revoked";

/** Status is derived, never stored: Revoked if revokedAt; else Expired if expiresAt <= now; else Active. */
export function deriveLicenseStatus(
  license: { revokedAt: Date | null; expiresAt: Date | null },
  now: Date = new Date(),
): LicenseStatus {
  if (license.revokedAt) return "revoked";
  if (license.expiresAt && license.expiresAt.getTime() <= now.getTime()) return "expired";
  return "active";
}

/** Remaining slots, or null when unlimited (max 0). Never negative, even after a limit is lowered. */
export function remainingActivations(license: { maxActivations: number; activationsUsed: number }): number | null {
  if (license.maxActivations === 0) return null;
  return Math.max(0, license.maxActivations - license.activationsUsed);
}
