// POST /api/v1/licenses (issue) and GET /api/v1/licenses/{key}: the license object field by
// field, the product's defaults and their overrides, metadata, and every validation answer.
import { describe, expect, it } from "vitest";
import { hashApiKeySecret } from "../../../lib/api-keys/secret";
import { licenseResponseSchema, type LicenseObject } from "../../../lib/api/licenses/schemas";
import { maskLicenseKey } from "../../../lib/licenses/key";
import { createCustomer, createProduct, issueTestLicense, uniqueDomain } from "../../helpers/factories";
import { describeServerApi, type ApiErrorJson } from "./helpers/server-api";

const DAY_MS = 24 * 3600 * 1000;
type LicenseJson = { data: LicenseObject };

describeServerApi("Server API: issuing and reading licenses", (suite) => {
  describe("POST /api/v1/licenses", () => {
    it("issues a key by customer id and product id with the product's defaults, answering 201 with the license object", async () => {
      const customer = await createCustomer(suite.db(), { name: "Jane Doe" });
      const product = await createProduct(suite.db(), { maxActivations: 5, validityDays: 365 });
      const before = Date.now();
      const answer = await suite.call<LicenseJson>("/api/v1/licenses", { json: { customer_id: customer.id, product_id: product.id } });
      expect(answer.status).toBe(201);
      const license = licenseResponseSchema.parse(answer.json).data;
      const row = await suite.db().license.findUniqueOrThrow({ where: { id: license.id } });
      expect(license).toEqual({
        id: row.id,
        status: "active",
        customer: { id: customer.id, name: "Jane Doe", email: customer.email },
        product: { id: product.id, name: product.name },
        key: row.key,
        masked_key: maskLicenseKey(row.key),
        is_active: true,
        is_expired: false,
        can_activate: true,
        activations: { count: 0, max: 5, remaining: 5 },
        metadata: null,
        activated_at: null,
        expires_at: row.expiresAt?.toISOString(),
        revoked_at: null,
        revoke_reason: null,
        created_at: row.createdAt.toISOString(),
        updated_at: row.updatedAt.toISOString(),
      });
      expect(Date.parse(license.expires_at!) - before).toBeGreaterThanOrEqual(365 * DAY_MS - 1000);

      const apiKey = await suite.db().apiKey.findUniqueOrThrow({ where: { hash: hashApiKeySecret(suite.writeKey()) } });
      const audit = await suite.db().auditEvent.findFirstOrThrow({ where: { subject: `license:${license.id}`, action: "license.issued" } });
      expect(audit.actor).toBe(`api:${apiKey.prefix}`);
    });

    it("issues by customer email and product slug, with max activations, lifetime and metadata overrides", async () => {
      const customer = await createCustomer(suite.db());
      const product = await createProduct(suite.db(), { maxActivations: 1, validityDays: 30 });
      const answer = await suite.call<LicenseJson>("/api/v1/licenses", {
        json: { customer_email: customer.email.toUpperCase(), product_slug: product.slug, max_activations: 0, expires_at: null, metadata: { crm_id: "A-1042", seats: [1, 2] } },
      });
      expect(answer.status).toBe(201);
      expect(answer.json.data).toMatchObject({
        customer: { id: customer.id },
        activations: { count: 0, max: 0, remaining: null },
        can_activate: true,
        expires_at: null,
        metadata: { crm_id: "A-1042", seats: [1, 2] },
      });
      const fetched = await suite.call<LicenseJson>(`/api/v1/licenses/${answer.json.data.key}`, { key: suite.readKey() });
      expect(fetched.json.data).toEqual(answer.json.data);
    });

    it("takes an explicit future expiry with any offset", async () => {
      const { customer, product } = await issueTestLicense(suite.db());
      const expiresAt = new Date(Date.now() + 10 * DAY_MS);
      const withOffset = expiresAt.toISOString().replace("Z", "+00:00");
      const answer = await suite.call<LicenseJson>("/api/v1/licenses", { json: { customer_id: customer.id, product_id: product.id, expires_at: withOffset } });
      expect(answer.status).toBe(201);
      expect(answer.json.data.expires_at).toBe(expiresAt.toISOString());
    });

    it.each([
      ["no customer", { product_id: "p" }, "VALIDATION_ERROR", /exactly one of customer_id and customer_email/],
      ["both customer fields", { customer_id: "c", customer_email: "a@b.co", product_id: "p" }, "VALIDATION_ERROR", /exactly one/],
      ["no product", { customer_id: "c" }, "VALIDATION_ERROR", /exactly one of product_id and product_slug/],
      ["negative max", { customer_id: "c", product_id: "p", max_activations: -1 }, "VALIDATION_ERROR", /max_activations/],
      ["fractional max", { customer_id: "c", product_id: "p", max_activations: 1.5 }, "VALIDATION_ERROR", /max_activations/],
      ["past expiry", { customer_id: "c", product_id: "p", expires_at: "2020-01-01T00:00:00Z" }, "VALIDATION_ERROR", /future/],
      ["date without time", { customer_id: "c", product_id: "p", expires_at: "2099-01-01" }, "VALIDATION_ERROR", /expires_at/],
      ["metadata not an object", { customer_id: "c", product_id: "p", metadata: [1] }, "VALIDATION_ERROR", /metadata/],
      ["metadata over 4 KB", { customer_id: "c", product_id: "p", metadata: { blob: "x".repeat(4100) } }, "VALIDATION_ERROR", /4096 bytes/],
      ["an unknown field", { customer_id: "c", product_id: "p", max_activation: 2 }, "VALIDATION_ERROR", /Unknown field: max_activation/],
      ["an unknown customer", { customer_id: "nobody", product_id: "p" }, "CUSTOMER_NOT_FOUND", /customer/],
      ["an unknown email", { customer_email: "nobody@example.org", product_id: "p" }, "CUSTOMER_NOT_FOUND", /customer/],
    ])("answers 422 for %s", async (_name, body, code, message) => {
      const answer = await suite.call<ApiErrorJson>("/api/v1/licenses", { json: body });
      expect(answer.status).toBe(422);
      expect(answer.json.error.code).toBe(code);
      expect(answer.json.error.message).toMatch(message);
    });

    it("answers 422 PRODUCT_NOT_FOUND for an unknown product, issuing nothing", async () => {
      const customer = await createCustomer(suite.db());
      for (const body of [{ customer_id: customer.id, product_id: "nope" }, { customer_id: customer.id, product_slug: "no-such-slug" }]) {
        const answer = await suite.call<ApiErrorJson>("/api/v1/licenses", { json: body });
        expect(answer.status).toBe(422);
        expect(answer.json.error.code).toBe("PRODUCT_NOT_FOUND");
      }
      expect(await suite.db().license.count({ where: { userId: customer.id } })).toBe(0);
    });

    it.each([
      ["invalid JSON", { body: "{nope", headers: { "Content-Type": "application/json" } }, "INVALID_JSON"],
      ["a JSON array", { body: "[]", headers: { "Content-Type": "application/json" } }, "INVALID_JSON"],
      ["a form body", { body: "customer_id=c", headers: { "Content-Type": "application/x-www-form-urlencoded" } }, "UNSUPPORTED_CONTENT_TYPE"],
    ])("answers 400 for %s", async (_name, init, code) => {
      const answer = await suite.call<ApiErrorJson>("/api/v1/licenses", { method: "POST", ...init });
      expect(answer.status).toBe(400);
      expect(answer.json.error.code).toBe(code);
    });

    it("answers 413 for a body over 16 KiB", async () => {
      const body = JSON.stringify({ metadata: { x: "y".repeat(17_000) } });
      const answer = await suite.call<ApiErrorJson>("/api/v1/licenses", { method: "POST", body, headers: { "Content-Type": "application/json" } });
      expect(answer.status).toBe(413);
      expect(answer.json.error.code).toBe("BODY_TOO_LARGE");
    });
  });

  describe("GET /api/v1/licenses/{key}", () => {
    it("finds the key in any spelling", async () => {
      const { license } = await issueTestLicense(suite.db());
      const spellings = [license.key, license.key.toLowerCase(), license.key.replaceAll("-", ""), encodeURIComponent(license.key.replaceAll("-", " "))];
      for (const spelling of spellings) {
        const answer = await suite.call<LicenseJson>(`/api/v1/licenses/${spelling}`, { key: suite.readKey() });
        expect(answer.status, spelling).toBe(200);
        expect(answer.json.data.id).toBe(license.id);
      }
    });

    it("answers 404 NOT_FOUND for an unknown or malformed key", async () => {
      const { license } = await issueTestLicense(suite.db());
      const wrongCheck = `${license.key.slice(0, -1)}${license.key.endsWith("0") ? "1" : "0"}`;
      for (const key of ["CP-00000-00000-00000-00000-00000", wrongCheck, "nope", "x".repeat(200)]) {
        const answer = await suite.call<ApiErrorJson>(`/api/v1/licenses/${key}`, { key: suite.readKey() });
        expect(answer.status, key).toBe(404);
        expect(answer.json).toEqual({ error: { code: "NOT_FOUND", message: "License not found" } });
      }
    });

    it("derives status, is_expired, can_activate and activated_at", async () => {
      const db = suite.db();
      const full = await issueTestLicense(db, { maxActivations: 1 });
      await suite.call(`/api/v1/licenses/${full.license.key}/activate`, { json: { domain: uniqueDomain() } });
      const firstSeen = (await db.activation.findFirstOrThrow({ where: { licenseId: full.license.id } })).firstSeenAt;
      const expired = await issueTestLicense(db, { expired: true });
      const revokedAfterExpiry = await issueTestLicense(db, { expired: true, revoked: true });

      const get = async (key: string) => (await suite.call<LicenseJson>(`/api/v1/licenses/${key}`, { key: suite.readKey() })).json.data;
      expect(await get(full.license.key)).toMatchObject({
        status: "active", is_active: true, can_activate: false, activations: { count: 1, max: 1, remaining: 0 }, activated_at: firstSeen.toISOString(),
      });
      expect(await get(expired.license.key)).toMatchObject({ status: "expired", is_active: false, is_expired: true, can_activate: false });
      expect(await get(revokedAfterExpiry.license.key)).toMatchObject({
        status: "revoked", is_expired: true, can_activate: false, revoke_reason: "test revocation",
      });
    });
  });
});
