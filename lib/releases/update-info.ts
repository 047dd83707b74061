// The answer of an update check in plugin-update-checker v5's formats: its plugin JSON (also used
// for products of kind "other") and its theme JSON, each with the store's `license` verdict. What
// does not depend on the caller (names, rendered Markdown, icons) is built once per product and
// release version and reused: an update check runs as often as Verify.
import { sqlFor, type Db } from "../db";
import { asDate } from "../db/sql";
import { getEnv } from "../env";
import { productImagePath } from "../products/media";
import { renderMarkdown } from "./markdown";
import type { ReleaseChannel } from "./entitlement";

/** The product and the release an update check offers, read together. */
export type UpdateTarget = {
  product: {
    id: string;
    slug: string;
    name: string;
    kind: string;
    packageSlug: string | null;
    homepage: string | null;
    author: string | null;
    description: string;
    installation: string;
    iconFile: string | null;
    bannerFile: string | null;
    updatedAt: Date;
  };
  /** The newest published release in the channel; null when there is none yet. */
  release: {
    id: string;
    version: string;
    changelog: string;
    requires: string | null;
    tested: string | null;
    requiresPhp: string | null;
    publishedAt: Date;
    updatedAt: Date;
  } | null;
  /** The id of the key sent, when it exists (for a download link, or the renew and manage pages). */
  licenseId: string | null;
};

/**
 * One prepared statement: the product by slug, its newest published release in the channel (by
 * versionKey, the same rule as latestRelease in entitlement.ts; stable only, or stable and beta),
 * and the sent key's license id. Null when no product has this slug.
 */
export async function findUpdateTarget(db: Db, slug: string, channel: ReleaseChannel, key: string | null): Promise<UpdateTarget | null> {
  const row = await sqlFor(db).one<Record<string, unknown>>(
    `SELECT p."id", p."slug", p."name", p."kind", p."packageSlug", p."homepage", p."author", p."description",
            p."installation", p."iconFile", p."bannerFile", p."updatedAt",
            r."id" AS "releaseId", r."version", r."changelog", r."requires", r."tested", r."requiresPhp",
            r."publishedAt", r."updatedAt" AS "releaseUpdatedAt",
            (SELECT l."id" FROM "License" l WHERE l."key" = ?) AS "licenseId"
     FROM "Product" p
     LEFT JOIN "Release" r ON r."id" = (
       SELECT n."id" FROM "Release" n
       WHERE n."productId" = p."id" AND n."status" = 'published' AND (n."channel" = 'stable' OR n."channel" = ?)
       ORDER BY n."versionKey" DESC LIMIT 1)
     WHERE p."slug" = ?`,
    [key, channel, slug],
  );
  if (!row) return null;
  const text = (value: unknown) => (value === null || value === undefined ? null : String(value));
  return {
    product: {
      id: String(row.id),
      slug: String(row.slug),
      name: String(row.name),
      kind: String(row.kind),
      packageSlug: text(row.packageSlug),
      homepage: text(row.homepage),
      author: text(row.author),
      description: String(row.description ?? ""),
      installation: String(row.installation ?? ""),
      iconFile: text(row.iconFile),
      bannerFile: text(row.bannerFile),
      updatedAt: asDate(row.updatedAt) ?? new Date(0),
    },
    release: row.releaseId
      ? {
          id: String(row.releaseId),
          version: String(row.version),
          changelog: String(row.changelog ?? ""),
          requires: text(row.requires),
          tested: text(row.tested),
          requiresPhp: text(row.requiresPhp),
          publishedAt: asDate(row.publishedAt) ?? new Date(0),
          updatedAt: asDate(row.releaseUpdatedAt) ?? new Date(0),
        }
      : null,
    licenseId: text(row.licenseId),
  };
}

/** The verdict on the key, as every update answer carries it. */
export type UpdateLicenseInfo = { valid: boolean; code: string; message: string; manage_url?: string; renew_url?: string };

/** "YYYY-MM-DD HH:MM:SS" in UTC, PUC's `last_updated`. */
export const formatLastUpdated = (date: Date): string => date.toISOString().slice(0, 19).replace("T", " ");

/**
 * A one-line upgrade notice from the changelog's first line of text (WordPress shows it in the
 * plugin's update row): Markdown markers and angle brackets dropped, at most 300 characters.
 */
export function upgradeNoticeFrom(changelog: string): string {
  const line = changelog.split("\n").map((l) => l.replace(/^\s*(#+|[-*+]|\d+\.)\s+/, "").trim()).find((l) => l !== "") ?? "";
  return line.replace(/[<>]/g, "").replace(/[*_`]/g, "").slice(0, 300);
}

type StaticInfo = Record<string, unknown>;
const staticInfoCache = new Map<string, StaticInfo>();
const STATIC_INFO_CACHE_SIZE = 500;

/** What the answer says that depends only on the product and the release (their updatedAt keys the cache). */
function staticInfo(target: UpdateTarget): StaticInfo {
  const { product, release } = target;
  const cacheKey = `${product.id}|${product.updatedAt.getTime()}|${release?.id ?? ""}|${release?.updatedAt.getTime() ?? ""}`;
  const cached = staticInfoCache.get(cacheKey);
  if (cached) return cached;
  const { publicUrl } = getEnv();
  const productPage = `${publicUrl}/products/${encodeURIComponent(product.slug)}`;
  let info: StaticInfo;
  if (product.kind === "theme") {
    info = { ...(release ? { version: release.version } : {}), details_url: product.homepage ?? productPage };
  } else {
    const media = (key: string | null) => (key ? `${publicUrl}${productImagePath(key)}` : null);
    const icon = media(product.iconFile);
    const banner = media(product.bannerFile);
    info = {
      name: product.name,
      slug: product.packageSlug ?? product.slug,
      ...(release ? { version: release.version } : {}),
      homepage: product.homepage ?? productPage,
      ...(release?.requires ? { requires: release.requires } : {}),
      ...(release?.tested ? { tested: release.tested } : {}),
      ...(release?.requiresPhp ? { requires_php: release.requiresPhp } : {}),
      ...(release ? { last_updated: formatLastUpdated(release.publishedAt), upgrade_notice: upgradeNoticeFrom(release.changelog) } : {}),
      ...(product.author ? { author: product.author } : {}),
      sections: {
        description: renderMarkdown(product.description),
        installation: renderMarkdown(product.installation),
        changelog: release ? `<h4>${release.version}</h4>\n${renderMarkdown(release.changelog)}` : "",
      },
      ...(icon ? { icons: { "1x": icon, "2x": icon } } : {}),
      ...(banner ? { banners: { low: banner, high: banner } } : {}),
    };
  }
  if (staticInfoCache.size >= STATIC_INFO_CACHE_SIZE) staticInfoCache.clear();
  staticInfoCache.set(cacheKey, info);
  return info;
}

/**
 * The update answer: PUC's plugin JSON (or its theme JSON for a theme) plus `license`, with
 * `download_url` only when the caller passes one (the key is VALID for this product and site), and the
 * caller's nonce echoed when it sent one.
 */
export function buildUpdateInfo(target: UpdateTarget, license: UpdateLicenseInfo, downloadUrl: string | null, nonce?: string): Record<string, unknown> {
  return { ...staticInfo(target), ...(downloadUrl ? { download_url: downloadUrl } : {}), license, ...(nonce === undefined ? {} : { nonce }) };
}
