// POST /api/v1/licenses/verify over real HTTP: every decided outcome (200 with `valid`, a stable
// `code` and the spec's message), the order in which they are decided, the answer's body, and the
// malformed requests that are a 400 and activate nothing.
import { describe, expect, it } from "vitest";
import type { Db } from "../../../lib/db";
import { LICENSE_KEY_ALPHABET, generateLicenseKey, maskLicenseKey, normalizeLicenseKey } from "../../../lib/licenses/key";
import { createProduct, issueTestLicense, uniqueDomain, type TestLicenseOptions } from "../../helpers/factories";
import { callApi, describeLicenseApi, postInChunks, verify, VERIFY_PATH, type ApiErrorBody, type ApiRequestInit, type VerifyFields } from "../../helpers/license-api-server";

const ISO_TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

/** The same key with its check character replaced: a typo the format check must catch. */
function withWrongCheckCharacter(key: string): string {
  const last = key.at(-1) ?? "";
  const other = [...LICENSE_KEY_ALPHABET].find((ch) => ch !== last) ?? "0";
  return `${key.slice(0, -1)}${other}`;
}

async function activationCount(db: Db, licenseId: string) {
  const [rows, license] = await Promise.all([
    db.activation.count({ where: { licenseId } }),
    db.license.findUniqueOrThrow({ where: { id: licenseId }, select: { activationsUsed: true } }),
  ]);
  return { rows, activationsUsed: license.activationsUsed };
}

describeLicenseApi("Verify API: outcomes", (suite) => {
  describe("VALID", () => {
    it("activates a new domain once, and a repeat from it does not count again", async () => {
      const { license, product } = await issueTestLicense(suite.db(), { maxActivations: 3 });
      const domain = uniqueDomain();

      const first = await verify(suite.server(), { key: license.key, domain });
      expect(first.status).toBe(200);
      expect(first.headers.get("content-type")).toMatch(/^application\/json/);
      expect(first.json).toEqual({
        valid: true,
        code: "VALID",
        message: "License is valid",
        license: {
          key: maskLicenseKey(license.key),
          status: "active",
          product: { slug: product.slug, name: product.name },
          expires_at: null,
        },
        activations: { used: 1, max: 3, remaining: 2 },
        environment: { value: domain, kind: "domain", activated: true, local: false },
        server_time: expect.stringMatching(ISO_TIMESTAMP),
        nonce: null,
      });

      const repeat = await verify(suite.server(), { key: license.key, domain });
      expect(repeat.json).toMatchObject({
        code: "VALID",
        activations: { used: 1, max: 3, remaining: 2 },
        environment: { value: domain, activated: false },
      });

      const second = await verify(suite.server(), { key: license.key, domain: uniqueDomain() });
      expect(second.json).toMatchObject({ code: "VALID", activations: { used: 2, remaining: 1 }, environment: { activated: true } });
      expect(await activationCount(suite.db(), license.id)).toEqual({ rows: 2, activationsUsed: 2 });
    });

    it("finds the key however the customer pasted it (case, spaces, look-alikes)", async () => {
      const { license } = await issueTestLicense(suite.db(), { maxActivations: 1 });
      const domain = uniqueDomain();
      const pasted = ` ${license.key.toLowerCase().replaceAll("-", " ").replaceAll("0", "o").replaceAll("1", "l")} `;
      const answers = [await verify(suite.server(), { key: license.key, domain }), await verify(suite.server(), { key: pasted, domain })];
      expect(answers.map((a) => a.json.code)).toEqual(["VALID", "VALID"]);
      expect(answers.map((a) => a.json.environment.activated)).toEqual([true, false]);
    });

    it("carries the expiry of a time-limited key", async () => {
      const expiresAt = new Date(Date.now() + 30 * 24 * 3600 * 1000);
      const { license } = await issueTestLicense(suite.db(), { expiresAt });
      const answer = await verify(suite.server(), { key: license.key, domain: uniqueDomain() });
      expect(answer.json).toMatchObject({ code: "VALID", license: { status: "active", expires_at: expiresAt.toISOString() } });
    });

    it.each([
      ["its slug", (p: { slug: string; id: string }) => p.slug],
      ["its id", (p: { slug: string; id: string }) => p.id],
    ])("accepts the key's own product given by %s", async (_label, productField) => {
      const { license, product } = await issueTestLicense(suite.db());
      const answer = await verify(suite.server(), { key: license.key, domain: uniqueDomain(), product: productField(product) });
      expect(answer.json.code).toBe("VALID");
    });

    it("counts nothing against an unlimited key (Max Activations 0): remaining is null", async () => {
      const { license } = await issueTestLicense(suite.db(), { maxActivations: 0 });
      for (let i = 1; i <= 8; i++) {
        const answer = await verify(suite.server(), { key: license.key, domain: uniqueDomain() });
        expect(answer.json).toMatchObject({ code: "VALID", activations: { used: i, max: 0, remaining: null } });
      }
      expect(await activationCount(suite.db(), license.id)).toEqual({ rows: 8, activationsUsed: 8 });
    });
  });

  describe("refusals, first match wins", () => {
    type Case = {
      name: string;
      license: TestLicenseOptions;
      /** The key sent: the issued one unless changed here. */
      key?: (issued: string) => string;
      wrongProduct?: boolean;
      code: string;
      message: string;
      status: "active" | "expired" | "revoked" | null;
    };
    const cases: Case[] = [
      { name: "an unknown key", license: {}, key: () => generateLicenseKey(), code: "NOT_FOUND", message: "Invalid license key", status: null },
      {
        name: "a key with a wrong check character",
        license: {},
        key: withWrongCheckCharacter,
        code: "NOT_FOUND",
        message: "Invalid license key",
        status: null,
      },
      { name: "a garbage key", license: {}, key: () => "not-a-key", code: "NOT_FOUND", message: "Invalid license key", status: null },
      { name: "a revoked key", license: { revoked: true }, code: "REVOKED", message: "License has been revoked", status: "revoked" },
      { name: "an expired key", license: { expired: true }, code: "EXPIRED", message: "License has expired", status: "expired" },
      {
        name: "a key for another product",
        license: {},
        wrongProduct: true,
        code: "PRODUCT_MISMATCH",
        message: "License key is not for this product",
        status: "active",
      },
      {
        name: "a revoked AND expired key",
        license: { revoked: true, expired: true },
        code: "REVOKED",
        message: "License has been revoked",
        status: "revoked",
      },
      {
        name: "a revoked key for the wrong product",
        license: { revoked: true },
        wrongProduct: true,
        code: "REVOKED",
        message: "License has been revoked",
        status: "revoked",
      },
      {
        name: "an expired key for the wrong product",
        license: { expired: true },
        wrongProduct: true,
        code: "EXPIRED",
        message: "License has expired",
        status: "expired",
      },
    ];

    it.each(cases)("answers $code for $name and activates nothing", async (testCase) => {
      const { license } = await issueTestLicense(suite.db(), { maxActivations: 5, ...testCase.license });
      const key = testCase.key ? testCase.key(license.key) : license.key;
      const fields: VerifyFields = { key, domain: uniqueDomain() };
      if (testCase.wrongProduct) fields.product = (await createProduct(suite.db())).slug;

      const answer = await verify(suite.server(), fields);
      expect(answer.status).toBe(200);
      expect(answer.json).toMatchObject({
        valid: false,
        code: testCase.code,
        message: testCase.message,
        environment: { value: fields.domain, kind: "domain", activated: false },
      });
      if (testCase.status === null) {
        expect(answer.json.license).toBeNull();
        expect(answer.json.activations).toBeNull();
      } else {
        expect(answer.json.license).toMatchObject({ key: maskLicenseKey(license.key), status: testCase.status });
        expect(answer.json.activations).toEqual({ used: 0, max: 5, remaining: 5 });
      }
      expect(answer.json.manage_url).toBeUndefined();
      // Only an expired key is told where to renew it: its page in Account → Licenses.
      if (testCase.code === "EXPIRED") expect(answer.json.renew_url).toMatch(new RegExp(`^https?://[^/]+/account/licenses/${license.id}$`));
      else expect(answer.json.renew_url).toBeUndefined();
      expect(await activationCount(suite.db(), license.id)).toEqual({ rows: 0, activationsUsed: 0 });
    });

    it("rejects a wrong check character without it being a valid key", () => {
      const key = generateLicenseKey();
      expect(normalizeLicenseKey(withWrongCheckCharacter(key))).toBeNull();
    });

    it("answers MAX_ACTIVATIONS_EXCEEDED for a new domain on a full key, with a manage_url", async () => {
      const { license } = await issueTestLicense(suite.db(), { maxActivations: 1 });
      const home = uniqueDomain("home");
      expect((await verify(suite.server(), { key: license.key, domain: home })).json.code).toBe("VALID");

      const other = uniqueDomain("other");
      const answer = await verify(suite.server(), { key: license.key, domain: other });
      expect(answer.status).toBe(200);
      expect(answer.json).toMatchObject({
        valid: false,
        code: "MAX_ACTIVATIONS_EXCEEDED",
        message: "Max activations exceeded",
        activations: { used: 1, max: 1, remaining: 0 },
        environment: { value: other, activated: false },
      });
      expect(answer.json.manage_url).toMatch(new RegExp(`^https?://[^/]+/account/licenses/${license.id}$`));

      // The domain already on the list keeps working; the refused one was not recorded.
      expect((await verify(suite.server(), { key: license.key, domain: home })).json.code).toBe("VALID");
      expect(await activationCount(suite.db(), license.id)).toEqual({ rows: 1, activationsUsed: 1 });
    });
  });

  describe("request formats", () => {
    it("takes a form body (wp_remote_post) exactly like JSON", async () => {
      const { license, product } = await issueTestLicense(suite.db(), { maxActivations: 2 });
      const domain = uniqueDomain();
      const fields = { key: license.key, domain, product: product.slug, nonce: "form-nonce-1" };
      const form = await verify(suite.server(), fields, { form: true });
      expect(form.status).toBe(200);
      expect(form.json).toMatchObject({ code: "VALID", nonce: "form-nonce-1", environment: { value: domain, activated: true } });

      const json = await verify(suite.server(), { ...fields, nonce: "json-nonce-1" });
      expect(json.json).toMatchObject({ code: "VALID", nonce: "json-nonce-1", environment: { value: domain, activated: false } });
      const { server_time: _formTime, nonce: _formNonce, environment: formEnvironment, ...formRest } = form.json;
      const { server_time: _jsonTime, nonce: _jsonNonce, environment: jsonEnvironment, ...jsonRest } = json.json;
      expect(formRest).toEqual(jsonRest);
      expect({ ...formEnvironment, activated: false }).toEqual(jsonEnvironment);
    });

    it("takes a JSON content type with a charset parameter", async () => {
      const { license } = await issueTestLicense(suite.db());
      const answer = await callApi(suite.server(), VERIFY_PATH, {
        body: JSON.stringify({ key: license.key, domain: uniqueDomain() }),
        contentType: "application/json; charset=utf-8",
      });
      expect(answer.json).toMatchObject({ code: "VALID" });
    });

    it.each([
      ["a short nonce", "n-1"],
      ["a 64-character nonce", "x".repeat(64)],
    ])("echoes %s on every outcome", async (_label, nonce) => {
      const { license } = await issueTestLicense(suite.db());
      const valid = await verify(suite.server(), { key: license.key, domain: uniqueDomain(), nonce });
      const notFound = await verify(suite.server(), { key: generateLicenseKey(), domain: uniqueDomain(), nonce });
      expect([valid.json.nonce, notFound.json.nonce]).toEqual([nonce, nonce]);
    });
  });

  describe("malformed requests: 400 { error: { code, message } }, nothing activated", () => {
    type BadRequest = { name: string; code: string; send: (key: string) => ApiRequestInit };
    const badRequests: BadRequest[] = [
      { name: "a domain that is not a hostname", code: "INVALID_DOMAIN", send: (key) => ({ json: { key, domain: "not a domain!" } }) },
      { name: "a domain with a bad port", code: "INVALID_DOMAIN", send: (key) => ({ json: { key, domain: "example.com:99999" } }) },
      { name: "an over-long domain", code: "INVALID_REQUEST", send: (key) => ({ json: { key, domain: `${"a".repeat(2049)}.com` } }) },
      { name: "a nonce of 65 characters", code: "INVALID_REQUEST", send: (key) => ({ json: { key, domain: uniqueDomain(), nonce: "n".repeat(65) } }) },
      { name: "a missing key", code: "INVALID_REQUEST", send: () => ({ json: { domain: uniqueDomain() } }) },
      { name: "an empty key", code: "INVALID_REQUEST", send: () => ({ form: { key: "", domain: uniqueDomain() } }) },
      { name: "a key that is not a string", code: "INVALID_REQUEST", send: () => ({ json: { key: 12345, domain: uniqueDomain() } }) },
      { name: "bad JSON", code: "INVALID_JSON", send: (key) => ({ body: `{"key": "${key}",`, contentType: "application/json" }) },
      { name: "a JSON array", code: "INVALID_REQUEST", send: (key) => ({ body: JSON.stringify([key]), contentType: "application/json" }) },
      {
        name: "an unsupported content type",
        code: "UNSUPPORTED_CONTENT_TYPE",
        send: (key) => ({ body: `key=${key}`, contentType: "text/plain" }),
      },
      {
        name: "an invalid domain in a form body",
        code: "INVALID_DOMAIN",
        send: (key) => ({ form: { key, domain: "http://exa mple.com/" } }),
      },
    ];

    it.each(badRequests)("answers 400 $code for $name", async ({ code, send }) => {
      const { license } = await issueTestLicense(suite.db(), { maxActivations: 5 });
      const answer = await callApi<ApiErrorBody>(suite.server(), VERIFY_PATH, send(license.key));
      expect(answer.status).toBe(400);
      expect(answer.json).toEqual({ error: { code, message: expect.any(String) } });
      expect(answer.json.error.message).not.toBe("");
      // Never a fallback to another identity: the client IP was not activated either.
      expect(await activationCount(suite.db(), license.id)).toEqual({ rows: 0, activationsUsed: 0 });
    });

    // The lean server stops reading past MAX_BODY_BYTES, so an over-long body is refused whole:
    // never parsed from a prefix cut at a chunk boundary.
    it("answers an over-long body (one chunk) with 413 BODY_TOO_LARGE", async () => {
      const { license } = await issueTestLicense(suite.db());
      const answer = await callApi<ApiErrorBody>(suite.server(), VERIFY_PATH, {
        json: { key: license.key, domain: uniqueDomain(), padding: "x".repeat(9000) },
      });
      expect(answer.status).toBe(413);
      expect(answer.json.error.code).toBe("BODY_TOO_LARGE");
    });

    it("never parses a truncated prefix of an over-long body sent in pieces", async () => {
      const { license } = await issueTestLicense(suite.db(), { maxActivations: 5 });
      const domain = uniqueDomain(); // "site-<hex>.com"
      const head = `padding=${"x".repeat(4000)}&key=${license.key}&domain=${domain.slice(0, -1)}`;
      const answer = await postInChunks(suite.server(), VERIFY_PATH, [head, `${domain.slice(-1)}&more=${"y".repeat(8000)}`], "application/x-www-form-urlencoded");
      expect(answer).toMatchObject({ status: 413, json: { error: { code: "BODY_TOO_LARGE" } } });
      expect(await activationCount(suite.db(), license.id)).toEqual({ rows: 0, activationsUsed: 0 });
    });

    it("answers 405 to a GET", async () => {
      const answer = await callApi<ApiErrorBody>(suite.server(), VERIFY_PATH, { method: "GET" });
      expect(answer.status).toBe(405);
      expect(answer.headers.get("allow")).toBe("POST");
    });
  });
});
