// GET /api/v1/updates/{product slug}: the update check WordPress makes through
// plugin-update-checker v5, on the lean path like Verify. The key is judged by verifyLicense itself
// (same codes, same counting, same atomicity: a check from a new site takes a slot), the answer is
// signed and rate-limited by the same pipeline, and it offers the newest release to everyone while
// only a key that is VALID for this product and site gets a download link.
import { db } from "../../db";
import { ApiError } from "../../http/api-error";
import { createDownloadToken, downloadUrl } from "../../releases/download-token";
import { buildUpdateInfo, findUpdateTarget, type UpdateLicenseInfo } from "../../releases/update-info";
import { siteFromWordPressUserAgent, updateCheckKey, updateCheckQuerySchema } from "../../releases/update-request";
import { licensePageUrl, verifyLicense } from "../verify-license";
import { endpoint, parseWith, resolveEnvironment, type EndpointContext } from "./endpoints";
import { parseRequestQuery } from "./request";

const NO_KEY: UpdateLicenseInfo = { valid: false, code: "NO_KEY", message: "No license key was sent" };

/** The site the check is for: `domain`, else the site in WordPress's user agent, else the caller's IP. */
function siteOf(domain: string | undefined, context: EndpointContext) {
  if (domain === undefined) {
    const site = siteFromWordPressUserAgent(context.userAgent);
    if (site) return site;
  }
  return resolveEnvironment(domain, context.clientIp);
}

export const handleUpdateCheck = endpoint(
  async (fields, context) => {
    const input = parseWith(updateCheckQuerySchema, fields);
    const { environment, rawValue } = siteOf(input.domain, context);
    const sentKey = updateCheckKey(fields) !== null;
    // The product and its release are read while the key is judged: on PostgreSQL the two round
    // trips overlap. A slug no product has makes the key a PRODUCT_MISMATCH (matched by slug only)
    // before any slot is taken, so an unknown product still changes nothing.
    const [target, verdict] = await Promise.all([
      findUpdateTarget(db, context.segment, input.channel, context.licenseKey),
      sentKey
        ? verifyLicense(
            db,
            { key: context.licenseKey, product: context.segment, productBySlugOnly: true },
            { environment, rawValue, clientIp: context.clientIp, userAgent: context.userAgent },
          )
        : null,
    ]);
    if (!target) throw new ApiError(404, "PRODUCT_NOT_FOUND", `No product has the slug "${context.segment}"`);

    let license = NO_KEY;
    let link: string | null = null;
    if (verdict) {
      license = { valid: verdict.valid, code: verdict.code, message: verdict.message };
      if (verdict.manage_url) license.manage_url = verdict.manage_url;
      if (verdict.code === "EXPIRED" && target.licenseId) license.renew_url = licensePageUrl(target.licenseId);
      if (verdict.code === "VALID" && target.release && target.licenseId) {
        const token = await createDownloadToken(db, { licenseId: target.licenseId, releaseId: target.release.id, environment: environment.value });
        link = downloadUrl(token);
      }
    }
    return { status: 200, payload: buildUpdateInfo(target, license, link, input.nonce) };
  },
  { readFields: parseRequestQuery, keyOf: updateCheckKey },
);
