// Which releases a license key may download: the one rule (DESIGN.md, "Entitlement") that the
// customer's Downloads page, the update API and the download link all apply. An active key gets
// every published release of its product; an expired key keeps what was published before it
// expired (what was paid for); a revoked key gets nothing; a yanked or draft release goes to no one.
import { Prisma, type DbClient } from "../db";
import { deriveLicenseStatus } from "../licenses/status";

export type Release = Prisma.ReleaseModel;
export type ReleaseChannel = "stable" | "beta";

/** What the rule reads of a license. */
export type EntitledLicense = { productId: string; expiresAt: Date | null; revokedAt: Date | null };
/** What the rule reads of a release. */
export type EntitlementRelease = { productId: string; status: string; publishedAt: Date | null };

export type DownloadRefusalCode = "PRODUCT_MISMATCH" | "REVOKED" | "YANKED" | "NOT_PUBLISHED" | "PUBLISHED_AFTER_EXPIRY";
export type Entitlement = { ok: true } | { ok: false; code: DownloadRefusalCode; reason: string };

/** The channels a request for `channel` sees: beta includes stable (a beta tester still gets 2.0 over 2.0-beta.3). */
export const channelsFor = (channel: ReleaseChannel): ReleaseChannel[] => (channel === "beta" ? ["stable", "beta"] : ["stable"]);

const longDate = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });

/**
 * Whether `license` may download `release` at `now`. The first refusal that applies wins: another
 * product's release, a revoked key, a yanked or draft release, then a release published after an
 * expired key's expiry.
 */
export function mayDownload(license: EntitledLicense, release: EntitlementRelease, now: Date = new Date()): Entitlement {
  if (release.productId !== license.productId) {
    return { ok: false, code: "PRODUCT_MISMATCH", reason: "This release is for another product" };
  }
  const status = deriveLicenseStatus(license, now);
  if (status === "revoked") return { ok: false, code: "REVOKED", reason: "This license was revoked" };
  if (release.status === "yanked") return { ok: false, code: "YANKED", reason: "This release was withdrawn" };
  if (release.status !== "published" || !release.publishedAt) {
    return { ok: false, code: "NOT_PUBLISHED", reason: "This release is not published" };
  }
  if (status === "expired" && license.expiresAt && release.publishedAt.getTime() >= license.expiresAt.getTime()) {
    return {
      ok: false,
      code: "PUBLISHED_AFTER_EXPIRY",
      reason: `Published after your license expired on ${longDate.format(license.expiresAt)}; renew to get it`,
    };
  }
  return { ok: true };
}

/**
 * The newest published release of a product in `channel` (beta includes stable), by version, not
 * by date; `publishedBefore` narrows it to what was out by then (an expired key's last release).
 * One query on the (productId, status, versionKey) index.
 */
export function latestRelease(
  db: DbClient,
  productId: string,
  options: { channel: ReleaseChannel; publishedBefore?: Date },
): Promise<Release | null> {
  return db.release.findFirst({
    where: {
      productId,
      status: "published",
      channel: { in: channelsFor(options.channel) },
      ...(options.publishedBefore ? { publishedAt: { lt: options.publishedBefore } } : {}),
    },
    orderBy: { versionKey: "desc" },
  });
}

export type LicenseReleaseRow = { release: Release; available: boolean; reason?: string };

/**
 * Every published release of the key's product, newest version first, each marked with whether
 * this key may download it and, when not, why (in words for the customer).
 */
export async function releasesForLicense(
  db: DbClient,
  license: EntitledLicense,
  options: { now?: Date; includeBeta?: boolean } = {},
): Promise<LicenseReleaseRow[]> {
  const now = options.now ?? new Date();
  const releases = await db.release.findMany({
    where: { productId: license.productId, status: "published", channel: { in: channelsFor(options.includeBeta ? "beta" : "stable") } },
    orderBy: { versionKey: "desc" },
  });
  return releases.map((release) => {
    const entitlement = mayDownload(license, release, now);
    return entitlement.ok ? { release, available: true } : { release, available: false, reason: entitlement.reason };
  });
}
