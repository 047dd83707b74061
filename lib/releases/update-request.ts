// What an update check asks (GET /api/v1/updates/{slug}): the query string plugin-update-checker
// v5 sends (`installed_version`, `php`, `locale`, `checking_for_updates`), the key and site a
// plugin adds through PUC's addQueryArgFilter, and the channel. Unknown fields are ignored: PUC
// and the plugins wiring it may add their own.
import { z } from "zod";
import { DOMAIN_MAX_INPUT_LENGTH, normalizeDomain, type Environment } from "../licenses/environment";
import { LICENSE_KEY_MAX_INPUT_LENGTH } from "../licenses/key";

const text = (max: number, label: string) =>
  z.string({ error: `${label} must be a string` }).max(max, `${label} must be at most ${max} characters`).optional();

export const updateCheckQuerySchema = z.object({
  license_key: text(LICENSE_KEY_MAX_INPUT_LENGTH, "license_key").meta({ description: "The license key; none or empty: license.code NO_KEY" }),
  key: text(LICENSE_KEY_MAX_INPUT_LENGTH, "key").meta({ description: "An alias of license_key" }),
  // As in Verify: present means meant, so an empty or invalid domain is a 400, never the IP.
  domain: text(DOMAIN_MAX_INPUT_LENGTH, "domain").meta({
    description: "The site; else the site in WordPress's user agent (`WordPress/6.4; https://example.com`), else the caller's IP",
  }),
  installed_version: text(64, "installed_version"),
  php: text(32, "php"),
  locale: text(35, "locale"),
  checking_for_updates: text(8, "checking_for_updates"),
  nonce: text(64, "nonce").meta({ description: "Up to 64 characters, echoed back, so a client can bind the signed answer to its own request" }),
  channel: z
    .enum(["stable", "beta", ""], { error: "channel must be stable or beta" })
    .optional()
    .transform((channel) => (channel === "beta" ? "beta" : "stable"))
    .meta({ description: "stable (default) or beta: beta also offers beta releases" }),
});
export type UpdateCheckQuery = z.infer<typeof updateCheckQuerySchema>;

/** The key sent as license_key (else key), or null when none or an empty one was sent (a site where no key is entered yet). */
export function updateCheckKey(fields: Record<string, unknown>): unknown {
  const value = fields.license_key ?? fields.key;
  return typeof value === "string" && value.trim() === "" ? null : (value ?? null);
}

const WORDPRESS_USER_AGENT = /^WordPress\/[^;]*;\s*(.+)$/;

/**
 * The site WordPress names in its user agent (`WordPress/6.4; https://example.com`), or null when
 * the agent is not WordPress's or the site is not a valid hostname (then the caller's IP counts).
 */
export function siteFromWordPressUserAgent(userAgent: string | null): { environment: Environment; rawValue: string } | null {
  const site = userAgent ? WORDPRESS_USER_AGENT.exec(userAgent)?.[1]?.trim() : undefined;
  if (!site) return null;
  const result = normalizeDomain(site);
  return result.ok ? { environment: result.environment, rawValue: site } : null;
}
