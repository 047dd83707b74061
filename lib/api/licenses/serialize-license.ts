import type { Prisma } from "../../db";
import { maskLicenseKey } from "../../licenses/key";
import { deriveLicenseStatus, remainingActivations } from "../../licenses/status";
import type { LicenseObject } from "./schemas";

/** What a license row must carry to become a license object: customer and first activation. */
export const licenseObjectInclude = {
  user: { select: { id: true, name: true, email: true } },
  activations: { select: { firstSeenAt: true }, orderBy: [{ firstSeenAt: "asc" }, { id: "asc" }], take: 1 },
} satisfies Prisma.LicenseInclude;

export type LicenseRow = Prisma.LicenseGetPayload<{ include: typeof licenseObjectInclude }>;

/** Metadata is stored as JSON text; anything but an object (never written by us) reads as null. */
function parseMetadata(text: string | null): Record<string, unknown> | null {
  if (!text) return null;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/**
 * The license object of the server API. Status is derived at `now` (never stored); the product
 * name is the snapshot taken at issue, as in Verify answers; activated_at is the first activation
 * ever, even one freed since.
 */
export function serializeLicense(row: LicenseRow, now = new Date()): LicenseObject {
  const status = deriveLicenseStatus(row, now);
  const remaining = remainingActivations(row);
  return {
    id: row.id,
    status,
    customer: { id: row.user.id, name: row.user.name, email: row.user.email },
    product: { id: row.productId, name: row.productName },
    key: row.key,
    masked_key: maskLicenseKey(row.key),
    is_active: status === "active",
    is_expired: row.expiresAt !== null && row.expiresAt.getTime() <= now.getTime(),
    can_activate: status === "active" && (remaining === null || remaining > 0),
    activations: { count: row.activationsUsed, max: row.maxActivations, remaining },
    metadata: parseMetadata(row.metadata),
    activated_at: row.activations[0]?.firstSeenAt.toISOString() ?? null,
    expires_at: row.expiresAt?.toISOString() ?? null,
    revoked_at: row.revokedAt?.toISOString() ?? null,
    revoke_reason: row.revokeReason,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}
