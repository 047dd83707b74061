// What a signed-in customer may download, for Account → Downloads and the Download buttons of the
// license pages. The rule itself is lib/releases/entitlement.ts; this only gathers the customer's
// keys (always by their userId, through visibleToCustomer) and asks it about each.
import type { DbClient } from "../db";
import { visibleToCustomer } from "../licenses/queries";
import { deriveLicenseStatus } from "../licenses/status";
import { latestRelease, mayDownload, releasesForLicense, type LicenseReleaseRow, type Release } from "./entitlement";

/** A customer with more keys than this sees the newest ones (a store's customers hold a handful). */
export const DOWNLOAD_KEYS_SHOWN = 100;

/** How long the link behind a Download button works: the customer's browser follows it at once. */
export const CUSTOMER_DOWNLOAD_TOKEN_SECONDS = 600;

/** The Download buttons' route (app/account/downloads/[licenseId]/[releaseId]/route.ts). */
export const customerDownloadHref = (licenseId: string, releaseId: string): string => `/account/downloads/${licenseId}/${releaseId}`;

export type DownloadLicense = {
  id: string;
  key: string;
  productId: string;
  productName: string;
  expiresAt: Date | null;
  revokedAt: Date | null;
  revokeReason: string | null;
};

export type LicenseDownloads = { license: DownloadLicense; releases: LicenseReleaseRow[] };

/**
 * Each of the customer's keys whose product has a published release (beta ones only when asked),
 * with every such release, newest version first, marked available or not and why.
 */
export async function listCustomerDownloads(
  db: DbClient,
  userId: string,
  options: { now: Date; includeBeta: boolean },
): Promise<LicenseDownloads[]> {
  const channels = options.includeBeta ? ["stable", "beta"] : ["stable"];
  const licenses = await db.license.findMany({
    where: { AND: [visibleToCustomer(userId), { product: { releases: { some: { status: "published", channel: { in: channels } } } } }] },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: DOWNLOAD_KEYS_SHOWN,
    select: { id: true, key: true, productId: true, productName: true, expiresAt: true, revokedAt: true, revokeReason: true },
  });
  return Promise.all(licenses.map(async (license) => ({ license, releases: await releasesForLicense(db, license, options) })));
}

type EntitledKey = { id: string; productId: string; expiresAt: Date | null; revokedAt: Date | null };

/**
 * The newest stable release each key may download (none for a revoked key; for an expired one,
 * the newest published before it expired), by key id. One query per product and expiry.
 */
export async function latestDownloads(db: DbClient, licenses: readonly EntitledKey[], now: Date): Promise<Map<string, Release>> {
  const queries = new Map<string, Promise<Release | null>>();
  const latest = new Map<string, Release>();
  await Promise.all(
    licenses.map(async (license) => {
      const status = deriveLicenseStatus(license, now);
      if (status === "revoked") return;
      const publishedBefore = status === "expired" ? (license.expiresAt ?? undefined) : undefined;
      const memo = `${license.productId}:${publishedBefore?.getTime() ?? ""}`;
      let query = queries.get(memo);
      if (!query) {
        query = latestRelease(db, license.productId, { channel: "stable", publishedBefore });
        queries.set(memo, query);
      }
      const release = await query;
      if (release && mayDownload(license, release, now).ok) latest.set(license.id, release);
    }),
  );
  return latest;
}

/** A key `userId` may see, and a release it may download now; or why not. */
export async function findCustomerDownload(
  db: DbClient,
  input: { userId: string; licenseId: string; releaseId: string; now: Date },
): Promise<{ ok: true; license: DownloadLicense; release: Release } | { ok: false; status: 403 | 404; code: string; reason: string }> {
  const [license, release] = await Promise.all([
    db.license.findFirst({
      where: { AND: [{ id: input.licenseId }, visibleToCustomer(input.userId)] },
      select: { id: true, key: true, productId: true, productName: true, expiresAt: true, revokedAt: true, revokeReason: true },
    }),
    db.release.findUnique({ where: { id: input.releaseId } }),
  ]);
  // Someone else's key is a 404, exactly like one that does not exist.
  if (!license) return { ok: false, status: 404, code: "NOT_FOUND", reason: "License not found" };
  if (!release || release.productId !== license.productId) return { ok: false, status: 404, code: "NOT_FOUND", reason: "Release not found" };
  const entitlement = mayDownload(license, release, input.now);
  // A draft is not there for customers at all.
  if (!entitlement.ok && entitlement.code === "NOT_PUBLISHED") return { ok: false, status: 404, code: "NOT_FOUND", reason: "Release not found" };
  if (!entitlement.ok) return { ok: false, status: 403, code: entitlement.code, reason: entitlement.reason };
  return { ok: true, license, release };
}
