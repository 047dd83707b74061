// GET /api/v1/downloads/{token}: where an update check's download_url (and the Account page's
// download button) lead. The token says what was allowed when it was made; everything is checked
// again now: the key exists and is not revoked, it may have this release (mayDownload), and the
// site it was made for is still activated. A refusal is a 403 with one plain line (WordPress shows
// it in its "Update failed" notice). The file streams from local storage, or the client is sent to
// a short-lived presigned S3 URL; either way the download is recorded first.
import { db } from "../../db";
import { getEnv } from "../../env";
import { createRateLimiter, type RateLimiter } from "../../http/rate-limit";
import { readDownloadToken } from "../../releases/download-token";
import { mayDownload } from "../../releases/entitlement";
import { recordDownload } from "../../releases/record-download";
import { getStorage } from "../../storage";
import { attachmentDisposition } from "../../storage/content-disposition";
import { clientIpFromRequest } from "../environment";
import type { LicenseApiRequest, LicenseApiResponse } from "./request";
import { logger } from "../../observability/logger";

/** How long a presigned S3 URL works: long enough to start the download, too short to share. */
export const PRESIGNED_DOWNLOAD_SECONDS = 300;

let limiter: RateLimiter | undefined;
/** A tenth of Verify's per-IP budget a minute: a download is heavier than a check, and a site fetches one per update. */
function downloadLimiter(): RateLimiter {
  limiter ??= createRateLimiter("downloads-ip", Math.max(1, Math.floor(getEnv().VERIFY_RATE_LIMIT_PER_IP / 10)), 60);
  return limiter;
}

const plain = (status: number, message: string, headers: Record<string, string> = {}): LicenseApiResponse => ({
  status,
  headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff", ...headers },
  body: `${message}\n`,
});

const forbidden = (message: string) => plain(403, message);

/** What WordPress installs is `{package slug}.zip`; a file of kind "other" keeps its own name. */
function downloadFileName(release: { fileName: string; product: { kind: string; slug: string; packageSlug: string | null } }): string {
  const { product } = release;
  if (product.kind === "other") return release.fileName.split(/[/\\]/).pop() || `${product.slug}`;
  return `${product.packageSlug ?? product.slug}.zip`;
}

export async function handleDownload(request: LicenseApiRequest): Promise<LicenseApiResponse> {
  const clientIp =
    clientIpFromRequest({ socketAddress: request.socketAddress, forwardedFor: request.forwardedFor, trustProxy: getEnv().TRUST_PROXY_HOPS })?.value ?? null;
  const decision = await downloadLimiter().consume(clientIp ?? "unknown");
  if (!decision.allowed) {
    return plain(429, `Too many downloads. Retry in ${decision.resetSeconds} seconds.`, { "Retry-After": String(decision.resetSeconds) });
  }

  const reading = await readDownloadToken(db, request.segment);
  if (!reading.ok) return forbidden(reading.message);
  const { licenseId, releaseId, environment } = reading.payload;
  const [license, release, activation] = await Promise.all([
    db.license.findUnique({ where: { id: licenseId }, select: { productId: true, expiresAt: true, revokedAt: true } }),
    db.release.findUnique({
      where: { id: releaseId },
      select: {
        id: true,
        productId: true,
        status: true,
        publishedAt: true,
        fileName: true,
        contentType: true,
        storageKey: true,
        product: { select: { kind: true, slug: true, packageSlug: true } },
      },
    }),
    environment === null
      ? null
      : db.activation.findUnique({ where: { licenseId_environment: { licenseId, environment } }, select: { deactivatedAt: true } }),
  ]);
  if (!license) return forbidden("This license no longer exists");
  if (!release) return forbidden("This release no longer exists");
  const entitlement = mayDownload(license, release);
  if (!entitlement.ok) return forbidden(entitlement.reason);
  if (environment !== null && (!activation || activation.deactivatedAt)) {
    return forbidden(`This site (${environment}) is no longer activated for this license`);
  }

  const storage = getStorage();
  const fileName = downloadFileName(release);
  const record = { releaseId: release.id, licenseId, environment, ip: clientIp, userAgent: request.userAgent };
  const presigned = await storage.presignedDownloadUrl(release.storageKey, {
    fileName,
    contentType: release.contentType,
    expiresInSeconds: PRESIGNED_DOWNLOAD_SECONDS,
  });
  if (presigned) {
    await recordDownload(db, record);
    return { status: 302, headers: { Location: presigned, "Cache-Control": "no-store" }, body: "" };
  }
  const file = await storage.open(release.storageKey);
  if (!file) {
    logger.child({ component: "downloads" }).error({ releaseId: release.id, storageKey: release.storageKey }, "a release has no file in storage");
    return plain(500, "The file of this release is missing from the store; please tell the vendor");
  }
  try {
    await recordDownload(db, record);
  } catch (error) {
    file.stream.destroy(); // the open file is not leaked when the record fails
    throw error;
  }
  return {
    status: 200,
    headers: {
      "Content-Type": release.contentType,
      "Content-Disposition": attachmentDisposition(fileName),
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
    body: { stream: file.stream, size: file.size },
  };
}
