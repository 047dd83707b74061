// The update channel WordPress polls through plugin-update-checker v5: GET /api/v1/updates/{slug}
// over real HTTP through the real server, on SQLite and PostgreSQL. Every key state × channel gets
// the newest release (so WordPress shows the update) but only a VALID key gets a download_url; the
// key is judged by Verify's own rules and counting, the answer is signed like Verify's.
import { createPublicKey, verify as verifySignature } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db, Product } from "../../../lib/db";
import { generateLicenseKey } from "../../../lib/licenses/key";
import { revokeLicense } from "../../../lib/licenses/revoke-license";
import { createProduct, issueTestLicense, unique, uniqueDomain } from "../../helpers/factories";
import { callApi, describeLicenseApi, fetchSigningKey, TEST_PUBLIC_URL, type ApiResponse, type LicenseApiServer } from "../../helpers/license-api-server";
import { requestRawPath } from "../../helpers/raw-http";
import { publishTestRelease } from "../../helpers/releases";

type UpdateLicense = { valid: boolean; code: string; message: string; manage_url?: string; renew_url?: string };
type UpdateBody = Record<string, unknown> & { version?: string; download_url?: string; license: UpdateLicense };

const DAY_MS = 24 * 60 * 60 * 1000;
const STABLE = "1.1.0";
const BETA = "1.2.0-beta.1";

function check(server: LicenseApiServer, slug: string, query: Record<string, string> = {}, headers: Record<string, string> = {}) {
  const search = new URLSearchParams(query).toString();
  return callApi<UpdateBody>(server, `/api/v1/updates/${slug}${search ? `?${search}` : ""}`, { headers });
}

/** A plugin product with a stable line, a beta, a yanked higher version and a draft above that. */
async function pluginWithReleases(db: Db, fields: { maxActivations?: number } = {}): Promise<Product> {
  const base = await createProduct(db, { maxActivations: fields.maxActivations ?? 5 });
  const product = await db.product.update({
    where: { id: base.id },
    data: {
      packageSlug: `pkg-${unique()}`,
      homepage: "https://vendor.example/plugin",
      author: "Vendor Ltd",
      description: "A **fine** plugin.",
      installation: "Upload and activate.",
      iconFile: `products/${base.id}/icon-0123abcd.png`,
    },
  });
  await publishTestRelease(db, { product, version: "1.0.0", publishedAt: new Date(Date.now() - 20 * DAY_MS) });
  await publishTestRelease(db, { product, version: STABLE, changelog: "### Fixed\n* The <b>thing</b>\n<script>alert(1)</script>" });
  await publishTestRelease(db, { product, version: BETA, channel: "beta" });
  await publishTestRelease(db, { product, version: "2.0.0", status: "yanked" });
  await publishTestRelease(db, { product, version: "3.0.0", status: "draft" });
  return product;
}

type KeyState = "none" | "unknown" | "valid" | "expired" | "revoked" | "wrong product" | "at limit, new site";
const STATES: { state: KeyState; code: string; extra?: "manage_url" | "renew_url" }[] = [
  { state: "none", code: "NO_KEY" },
  { state: "unknown", code: "NOT_FOUND" },
  { state: "valid", code: "VALID" },
  { state: "expired", code: "EXPIRED", extra: "renew_url" },
  { state: "revoked", code: "REVOKED" },
  { state: "wrong product", code: "PRODUCT_MISMATCH" },
  { state: "at limit, new site", code: "MAX_ACTIVATIONS_EXCEEDED", extra: "manage_url" },
];

describeLicenseApi("Update API", (suite) => {
  let product: Product;
  let publicKey: ReturnType<typeof createPublicKey>;
  beforeAll(async () => {
    product = await pluginWithReleases(suite.db());
    publicKey = createPublicKey((await fetchSigningKey(suite.server())).json.public_key_pem);
  });

  /** A key in `state` for `product`, and the domain to check from; undefined key: none sent. */
  async function keyIn(state: KeyState): Promise<{ key?: string; licenseId?: string; domain: string }> {
    const db = suite.db();
    const domain = uniqueDomain();
    if (state === "none") return { domain };
    if (state === "unknown") return { key: generateLicenseKey(), domain };
    if (state === "wrong product") return { key: (await issueTestLicense(db)).license.key, domain };
    const options = { product, expired: state === "expired", revoked: state === "revoked", maxActivations: state === "at limit, new site" ? 1 : 5 };
    const { license } = await issueTestLicense(db, options);
    if (state === "at limit, new site") {
      const first = await check(suite.server(), product.slug, { license_key: license.key, domain: uniqueDomain() });
      expect(first.json.license.code).toBe("VALID");
    }
    return { key: license.key, licenseId: license.id, domain };
  }

  describe.each(["stable", "beta"] as const)("channel %s", (channel) => {
    it.each(STATES)("key $state: $code, the newest release offered, download_url only when VALID, signed", async ({ state, code, extra }) => {
      const { key, licenseId, domain } = await keyIn(state);
      const query: Record<string, string> = { domain, installed_version: "1.0.0", php: "8.2", locale: "en_US", checking_for_updates: "1" };
      if (key) query.license_key = key;
      if (channel === "beta") query.channel = "beta";

      const response = await check(suite.server(), product.slug, query);

      expect(response.status, response.text).toBe(200);
      const body = response.json;
      expect(body.license).toMatchObject({ code, valid: code === "VALID" });
      expect(body.version).toBe(channel === "beta" ? BETA : STABLE);
      if (code === "VALID") {
        expect(body.download_url).toMatch(new RegExp(`^${TEST_PUBLIC_URL}/api/v1/downloads/[\\w-]+\\.[\\w-]+$`));
      } else {
        expect(body).not.toHaveProperty("download_url");
      }
      if (extra === "renew_url") expect(body.license.renew_url).toBe(`${TEST_PUBLIC_URL}/account/licenses/${licenseId}`);
      if (extra === "manage_url") expect(body.license.manage_url).toBe(`${TEST_PUBLIC_URL}/account/licenses/${licenseId}`);
      if (!extra) expect(Object.keys(body.license).sort()).toEqual(["code", "message", "valid"]);

      const signature = Buffer.from(response.headers.get("x-cp-signature") ?? "", "base64");
      expect(verifySignature(null, response.bytes, publicKey, signature)).toBe(true);
      expect(response.headers.get("cache-control")).toBe("no-store");
      expect(response.headers.get("ratelimit-limit")).toBeTruthy();
    });
  });

  it("echoes the request's nonce, so a client can bind the signed answer to its own request; no nonce, no field", async () => {
    const { license } = await issueTestLicense(suite.db(), { product });
    const withNonce = await check(suite.server(), product.slug, { license_key: license.key, domain: uniqueDomain(), nonce: "n0nce-123" });
    expect(withNonce.json.nonce).toBe("n0nce-123");
    const signature = Buffer.from(withNonce.headers.get("x-cp-signature") ?? "", "base64");
    expect(verifySignature(null, withNonce.bytes, publicKey, signature)).toBe(true);
    const without = await check(suite.server(), product.slug, { license_key: license.key, domain: uniqueDomain() });
    expect(without.json).not.toHaveProperty("nonce");
    const tooLong = await check(suite.server(), product.slug, { license_key: license.key, nonce: "n".repeat(65) });
    expect(tooLong.status).toBe(400);
    expect(tooLong.json).toMatchObject({ error: { code: "INVALID_REQUEST" } });
  });

  it("answers PUC's plugin fields: slug is the package slug, sanitised HTML sections, icons, UTC last_updated", async () => {
    const { license } = await issueTestLicense(suite.db(), { product });
    const response = await check(suite.server(), product.slug, { license_key: license.key, domain: uniqueDomain() });
    const body = response.json;
    expect(body).toMatchObject({
      name: product.name,
      slug: product.packageSlug,
      version: STABLE,
      homepage: "https://vendor.example/plugin",
      requires: "6.0",
      tested: "6.5",
      requires_php: "7.4",
      author: "Vendor Ltd",
      icons: { "1x": `${TEST_PUBLIC_URL}/media/products/${product.id}/icon-0123abcd.png`, "2x": `${TEST_PUBLIC_URL}/media/products/${product.id}/icon-0123abcd.png` },
    });
    expect(body).not.toHaveProperty("banners");
    expect(body.last_updated).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    const sections = body.sections as Record<string, string>;
    expect(sections.description).toBe("<p>A <strong>fine</strong> plugin.</p>");
    expect(sections.installation).toBe("<p>Upload and activate.</p>");
    expect(sections.changelog).toContain(`<h4>${STABLE}</h4>`);
    expect(sections.changelog).toContain("<h3>Fixed</h3>");
    expect(sections.changelog).not.toContain("<script");
    expect(body.upgrade_notice).toBe("Fixed");
  });

  it("never offers a yanked or draft release, whatever its version", async () => {
    const fresh = await createProduct(suite.db());
    await publishTestRelease(suite.db(), { product: fresh, version: "1.0.0" });
    await publishTestRelease(suite.db(), { product: fresh, version: "1.5.0", status: "yanked" });
    await publishTestRelease(suite.db(), { product: fresh, version: "1.6.0", status: "draft" });
    const { release } = await publishTestRelease(suite.db(), { product: fresh, version: "1.4.0" });
    expect((await check(suite.server(), fresh.slug)).json.version).toBe("1.4.0");
    await suite.db().release.update({ where: { id: release.id }, data: { status: "yanked", yankedAt: new Date() } });
    expect((await check(suite.server(), fresh.slug, { channel: "beta" })).json.version).toBe("1.0.0");
  });

  it("a product without a published release answers 200 with its details and the key's verdict, but no version", async () => {
    const bare = await createProduct(suite.db());
    const { license } = await issueTestLicense(suite.db(), { product: bare });
    const response = await check(suite.server(), bare.slug, { license_key: license.key, domain: uniqueDomain() });
    expect(response.status).toBe(200);
    expect(response.json).toMatchObject({ name: bare.name, slug: bare.slug, license: { code: "VALID" } });
    expect(response.json).not.toHaveProperty("version");
    expect(response.json).not.toHaveProperty("download_url");
  });

  it("a theme gets PUC's theme format: version, details_url, download_url, license", async () => {
    const theme = await createProduct(suite.db());
    await suite.db().product.update({ where: { id: theme.id }, data: { kind: "theme" } });
    await publishTestRelease(suite.db(), { product: theme, version: "2.3.0" });
    const { license } = await issueTestLicense(suite.db(), { product: theme });
    const response = await check(suite.server(), theme.slug, { license_key: license.key, domain: uniqueDomain() });
    expect(Object.keys(response.json).sort()).toEqual(["details_url", "download_url", "license", "version"]);
    expect(response.json).toMatchObject({ version: "2.3.0", details_url: `${TEST_PUBLIC_URL}/products/${theme.slug}`, license: { code: "VALID" } });
    const unlicensed = await check(suite.server(), theme.slug);
    expect(Object.keys(unlicensed.json).sort()).toEqual(["details_url", "license", "version"]);
  });

  it("takes `key` as an alias of license_key, and treats an empty key as none", async () => {
    const { license } = await issueTestLicense(suite.db(), { product });
    expect((await check(suite.server(), product.slug, { key: license.key, domain: uniqueDomain() })).json.license.code).toBe("VALID");
    expect((await check(suite.server(), product.slug, { license_key: "", domain: uniqueDomain() })).json.license.code).toBe("NO_KEY");
  });

  it("without a domain, counts the site in WordPress's user agent (and the caller's IP when there is none)", async () => {
    const { license } = await issueTestLicense(suite.db(), { product });
    const site = uniqueDomain("wp");
    const response = await check(suite.server(), product.slug, { license_key: license.key }, { "User-Agent": `WordPress/6.4.2; https://www.${site}` });
    expect(response.json.license.code).toBe("VALID");
    const byIp = await check(suite.server(), product.slug, { license_key: license.key }, { "User-Agent": "curl/8" });
    expect(byIp.json.license.code).toBe("VALID");
    const activations = await suite.db().activation.findMany({ where: { licenseId: license.id }, orderBy: { firstSeenAt: "asc" } });
    expect(activations.map((a) => [a.environment, a.kind]).sort()).toEqual([["127.0.0.1", "ip"], [site, "domain"]]);
  });

  it("404s an unknown product (no slot taken) and 400s an invalid domain, a bad channel or an absurd query", async () => {
    const { license } = await issueTestLicense(suite.db(), { product });
    const unknown = await check(suite.server(), `no-such-${unique()}`, { license_key: license.key, domain: uniqueDomain() });
    expect(unknown.status).toBe(404);
    expect((unknown.json as unknown as { error: { code: string } }).error.code).toBe("PRODUCT_NOT_FOUND");
    expect(unknown.headers.get("x-cp-signature")).toBeTruthy();
    // The key's own product named by id instead of slug is no product here either: no slot.
    const byId = await check(suite.server(), product.id, { license_key: license.key, domain: uniqueDomain() });
    expect(byId.status).toBe(404);
    expect(await suite.db().activation.count({ where: { licenseId: license.id } })).toBe(0);

    const cases: [Record<string, string>, string][] = [
      [{ license_key: license.key, domain: "not a domain!" }, "INVALID_DOMAIN"],
      [{ license_key: license.key, domain: "" }, "INVALID_DOMAIN"],
      [{ channel: "nightly" }, "INVALID_REQUEST"],
      [{ locale: "x".repeat(2100) }, "QUERY_TOO_LONG"],
    ];
    for (const [query, code] of cases) {
      const response = (await check(suite.server(), product.slug, query)) as ApiResponse<unknown> as ApiResponse<{ error: { code: string } }>;
      expect([response.status, response.json.error.code], JSON.stringify(query).slice(0, 80)).toEqual([400, code]);
    }
  });

  it("serves only the canonical path and GET: other spellings 404 naming it (no slot taken), other methods 405 with Allow", async () => {
    const { license } = await issueTestLicense(suite.db(), { product });
    const query = `?license_key=${license.key}&domain=${uniqueDomain()}`;
    const escaped = `%${product.slug.charCodeAt(0).toString(16)}${product.slug.slice(1)}`;
    for (const path of [`/api/v1/updates/${escaped}`, `/api/v1/./updates/${product.slug}`, `/api/v1/updates/x/../${product.slug}`, `/api/v1/%75pdates/${product.slug}`]) {
      const answer = await requestRawPath(suite.server().url, `${path}${query}`);
      expect(answer.status, path).toBe(404);
      expect((JSON.parse(answer.text) as { error: { message: string } }).error.message, path).toBe(`Not found; this endpoint is /api/v1/updates/${product.slug}`);
    }
    expect(await suite.db().activation.count({ where: { licenseId: license.id } })).toBe(0);
    const post = await requestRawPath(suite.server().url, `/api/v1/updates/${product.slug}`, { method: "POST", body: "" });
    expect([post.status, post.headers.allow]).toEqual([405, "GET"]);
  });

  it("a key revoked after a check is refused at the next one: the update stays offered, without a link", async () => {
    const { license } = await issueTestLicense(suite.db(), { product });
    const domain = uniqueDomain();
    expect((await check(suite.server(), product.slug, { license_key: license.key, domain })).json.download_url).toBeTruthy();
    await revokeLicense(suite.db(), { licenseId: license.id, reason: "refund", actor: "test" });
    const after = await check(suite.server(), product.slug, { license_key: license.key, domain });
    expect(after.json).toMatchObject({ version: STABLE, license: { code: "REVOKED", valid: false } });
    expect(after.json).not.toHaveProperty("download_url");
  });

  it("100 concurrent checks from one new site take exactly one slot", async () => {
    const { license } = await issueTestLicense(suite.db(), { product, maxActivations: 5 });
    const domain = uniqueDomain();
    const answers = await Promise.all(Array.from({ length: 100 }, () => check(suite.server(), product.slug, { license_key: license.key, domain })));
    expect(answers.map((a) => a.json.license?.code ?? `HTTP ${a.status}`).filter((c) => c !== "VALID"), suite.server().stderr()).toEqual([]);
    expect(answers.every((a) => typeof a.json.download_url === "string")).toBe(true);
    const stored = await suite.db().license.findUniqueOrThrow({ where: { id: license.id } });
    expect(stored.activationsUsed).toBe(1);
    expect(await suite.db().activation.count({ where: { licenseId: license.id } })).toBe(1);
  });

  it("on a 5-slot key, 100 concurrent checks from 100 new sites give exactly 5 download links", async () => {
    const { license } = await issueTestLicense(suite.db(), { product, maxActivations: 5 });
    const answers = await Promise.all(Array.from({ length: 100 }, () => check(suite.server(), product.slug, { license_key: license.key, domain: uniqueDomain() })));
    const codes: Record<string, number> = {};
    for (const answer of answers) codes[answer.json.license?.code ?? `HTTP ${answer.status}`] = (codes[answer.json.license?.code ?? `HTTP ${answer.status}`] ?? 0) + 1;
    expect(codes, suite.server().stderr()).toEqual({ VALID: 5, MAX_ACTIVATIONS_EXCEEDED: 95 });
    expect(answers.filter((a) => a.json.download_url)).toHaveLength(5);
    expect((await suite.db().license.findUniqueOrThrow({ where: { id: license.id } })).activationsUsed).toBe(5);
  });
});
