// GET /api/v1/downloads/{token} over real HTTP through the real server: the link an update check
// hands out downloads the exact bytes, and every reason to refuse it later (an altered or expired
// link, a revoked key, a deactivated site, a withdrawn release, a release the key is not entitled
// to) is a 403 with one plain line. Every download served is recorded.
import { createHash } from "node:crypto";
import { request as httpRequest } from "node:http";
import { beforeAll, describe, expect, it } from "vitest";
import type { Product } from "../../../lib/db";
import { revokeLicense } from "../../../lib/licenses/revoke-license";
import { createDownloadToken, downloadUrl } from "../../../lib/releases/download-token";
import { createProduct, issueTestLicense, unique, uniqueDomain } from "../../helpers/factories";
import { callApi, deactivate, TEST_PUBLIC_URL } from "../../helpers/license-api-server";
import { publishTestRelease, sha256Hex } from "../../helpers/releases";
import { storeServerForFile } from "../../helpers/store-server";

const DAY_MS = 24 * 60 * 60 * 1000;
const store = storeServerForFile();
let versions = 0;
/** A version not used before in this file (tests share the product). */
const nextVersion = (major: number) => `${major}.${++versions}.0`;

type Fetched = { status: number; headers: Headers; bytes: Buffer; text: string };

/** A download link's path: links name the store's public URL (the server's, or this process's). */
const pathOf = (link: string) => new URL(link).pathname;

/** GETs a download link from the test server. */
async function download(link: string, headers: Record<string, string> = {}): Promise<Fetched> {
  const response = await fetch(`${store.server().url}${pathOf(link)}`, { headers, redirect: "manual" });
  const bytes = Buffer.from(await response.arrayBuffer());
  return { status: response.status, headers: response.headers, bytes, text: bytes.toString("utf8") };
}

/** The download_url an update check gives this key from `domain`. */
async function linkFromUpdateCheck(slug: string, key: string, domain: string): Promise<string> {
  const answer = await callApi<{ download_url?: string; license: { code: string } }>(
    store.server(),
    `/api/v1/updates/${slug}?license_key=${key}&domain=${domain}`,
  );
  if (!answer.json.download_url?.startsWith(`${TEST_PUBLIC_URL}/api/v1/downloads/`)) throw new Error(`no download_url: ${answer.text}`);
  return answer.json.download_url;
}

function expectRefused(answer: Fetched, reason: RegExp) {
  expect(answer.status, answer.text).toBe(403);
  expect(answer.headers.get("content-type")).toBe("text/plain; charset=utf-8");
  expect(answer.text).toMatch(reason);
  expect(answer.text.trim().split("\n")).toHaveLength(1);
}

describe("Downloads", () => {
  let product: Product;
  beforeAll(async () => {
    const base = await createProduct(store.db(), { maxActivations: 3 });
    product = await store.db().product.update({ where: { id: base.id }, data: { packageSlug: `pkg-${unique()}` } });
  });

  it("the update check's download_url downloads the exact bytes, with Content-Length and Content-Disposition, and is recorded", async () => {
    const bytes = Buffer.concat(Array.from({ length: 64 }, () => createHash("sha256").update(unique()).digest())); // 2 KiB
    const big = Buffer.concat([bytes, Buffer.alloc(3 * 1024 * 1024, 7)]); // several chunks on the wire
    const { release } = await publishTestRelease(store.db(), { product, version: "1.0.0", bytes: big });
    const { license } = await issueTestLicense(store.db(), { product });
    const domain = uniqueDomain();
    const link = await linkFromUpdateCheck(product.slug, license.key, domain);

    const answer = await download(link, { "User-Agent": "WordPress/6.5; https://example.org" });

    expect(answer.status).toBe(200);
    expect(sha256Hex(answer.bytes)).toBe(release.sha256);
    expect(answer.headers.get("content-length")).toBe(String(big.length));
    expect(answer.headers.get("content-type")).toBe("application/zip");
    expect(answer.headers.get("content-disposition")).toBe(`attachment; filename="${product.packageSlug}.zip"`);
    expect(answer.headers.get("cache-control")).toBe("private, no-store");
    expect(answer.headers.get("content-encoding")).toBeNull();

    const rows = await store.db().download.findMany({ where: { releaseId: release.id } });
    expect(rows).toEqual([
      expect.objectContaining({ licenseId: license.id, environment: domain, ip: "127.0.0.1", userAgent: "WordPress/6.5; https://example.org" }),
    ]);
    expect((await store.db().release.findUniqueOrThrow({ where: { id: release.id } })).downloadCount).toBe(1);
    await download(link);
    expect((await store.db().release.findUniqueOrThrow({ where: { id: release.id } })).downloadCount).toBe(2);
    expect(await store.db().download.count({ where: { releaseId: release.id } })).toBe(2);
  });

  it("refuses an altered link, one for another release (payload edited), a malformed one and an expired one", async () => {
    const { release } = await publishTestRelease(store.db(), { product, version: nextVersion(1) });
    const { release: other } = await publishTestRelease(store.db(), { product, version: nextVersion(1) });
    const { license } = await issueTestLicense(store.db(), { product });
    const token = await createDownloadToken(store.db(), { licenseId: license.id, releaseId: release.id, environment: null });
    expect((await download(downloadUrl(token))).status).toBe(200);

    const [payload = "", signature = ""] = token.split(".");
    const flipped = `${payload}.${signature.slice(0, 5)}${signature[5] === "A" ? "B" : "A"}${signature.slice(6)}`;
    expectRefused(await download(downloadUrl(flipped)), /not valid/);

    const fields = JSON.parse(Buffer.from(payload, "base64url").toString()) as Record<string, unknown>;
    const edited = Buffer.from(JSON.stringify({ ...fields, r: other.id })).toString("base64url");
    expectRefused(await download(downloadUrl(`${edited}.${signature}`)), /not valid/);

    expectRefused(await download(downloadUrl("not-a-token")), /malformed/);

    const expired = await createDownloadToken(store.db(), { licenseId: license.id, releaseId: release.id, environment: null, expiresInSeconds: -1 });
    expectRefused(await download(downloadUrl(expired)), /expired/);
    expect(await store.db().download.count({ where: { licenseId: license.id } })).toBe(1);
  });

  it("re-checks the key, the site and the release at download: revoked, deactivated, yanked are refused", async () => {
    const { release } = await publishTestRelease(store.db(), { product, version: nextVersion(2) });
    const { license } = await issueTestLicense(store.db(), { product, maxActivations: 3 });
    const [siteA, siteB] = [uniqueDomain(), uniqueDomain()];
    const linkA = await linkFromUpdateCheck(product.slug, license.key, siteA);
    const linkB = await linkFromUpdateCheck(product.slug, license.key, siteB);

    expect((await deactivate(store.server(), { key: license.key, domain: siteA })).json.code).toBe("DEACTIVATED");
    expectRefused(await download(linkA), new RegExp(`This site \\(${siteA.replace(/\./g, "\\.")}\\) is no longer activated`));
    expect((await download(linkB)).status).toBe(200);

    await store.db().release.update({ where: { id: release.id }, data: { status: "yanked", yankedAt: new Date() } });
    expectRefused(await download(linkB), /^This release was withdrawn$/m);
    await store.db().release.update({ where: { id: release.id }, data: { status: "published", yankedAt: null } });

    await revokeLicense(store.db(), { licenseId: license.id, reason: "chargeback", actor: "test" });
    expectRefused(await download(linkB), /^This license was revoked$/m);
    expect(await store.db().download.count({ where: { licenseId: license.id } })).toBe(1);
  });

  it("an expired key downloads, through a customer's link, what was published before its expiry, not what came after", async () => {
    const fresh = await createProduct(store.db());
    const expiresAt = new Date(Date.now() - 5 * DAY_MS);
    const { release: before } = await publishTestRelease(store.db(), { product: fresh, version: "1.0.0", publishedAt: new Date(Date.now() - 10 * DAY_MS) });
    const { release: after } = await publishTestRelease(store.db(), { product: fresh, version: "1.1.0" });
    const { license } = await issueTestLicense(store.db(), { product: fresh, expiresAt });

    const ok = await download(downloadUrl(await createDownloadToken(store.db(), { licenseId: license.id, releaseId: before.id, environment: null, expiresInSeconds: 600 })));
    expect(ok.status).toBe(200);
    expect(sha256Hex(ok.bytes)).toBe(before.sha256);
    expect(ok.headers.get("content-disposition")).toBe(`attachment; filename="${fresh.slug}.zip"`);
    const refused = await download(downloadUrl(await createDownloadToken(store.db(), { licenseId: license.id, releaseId: after.id, environment: null, expiresInSeconds: 600 })));
    expectRefused(refused, /^Published after your license expired on \d{1,2} \w+ \d{4}; renew to get it$/m);
    expect(await store.db().download.findMany({ where: { licenseId: license.id }, select: { releaseId: true, environment: true } })).toEqual([
      { releaseId: before.id, environment: null },
    ]);
  });

  it("a release of kind other keeps its own file name", async () => {
    const app = await createProduct(store.db());
    await store.db().product.update({ where: { id: app.id }, data: { kind: "other" } });
    const { release } = await publishTestRelease(store.db(), { product: app, version: "3.1.0", fileName: "Acme App 3.1.dmg", contentType: "application/x-apple-diskimage" });
    const { license } = await issueTestLicense(store.db(), { product: app });
    const answer = await download(downloadUrl(await createDownloadToken(store.db(), { licenseId: license.id, releaseId: release.id, environment: null })));
    expect(answer.status).toBe(200);
    expect(answer.headers.get("content-type")).toBe("application/x-apple-diskimage");
    expect(answer.headers.get("content-disposition")).toBe('attachment; filename="Acme App 3.1.dmg"');
  });

  it("a client that goes away mid-file leaves the server serving", async () => {
    const { release } = await publishTestRelease(store.db(), { product, version: nextVersion(4), bytes: Buffer.alloc(8 * 1024 * 1024, 1) });
    const { license } = await issueTestLicense(store.db(), { product });
    const link = downloadUrl(await createDownloadToken(store.db(), { licenseId: license.id, releaseId: release.id, environment: null }));
    await new Promise<void>((resolve, reject) => {
      const request = httpRequest(`${store.server().url}${pathOf(link)}`, (response) => {
        response.once("data", () => {
          request.destroy();
          resolve();
        });
      });
      request.on("error", (error) => (request.destroyed ? resolve() : reject(error)));
      request.end();
    });
    const again = await download(link);
    expect(again.status).toBe(200);
    expect(again.bytes.length).toBe(8 * 1024 * 1024);
    expect(store.server().stdout() + store.server().stderr()).not.toMatch(/streaming a file failed|request failed/);
  });
});
