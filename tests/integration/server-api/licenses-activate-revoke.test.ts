// POST /api/v1/licenses/{key}/activate (Verify's rules and codes, as data) and
// POST /api/v1/licenses/{key}/revoke (404 / 409 / 422 as the peer API answers).
import { describe, expect, it } from "vitest";
import { activateLicenseResponseSchema, type ActivateLicenseResult, type LicenseObject } from "../../../lib/api/licenses/schemas";
import { createProduct, issueTestLicense, uniqueDomain } from "../../helpers/factories";
import { describeServerApi, type ApiErrorJson } from "./helpers/server-api";

type ActivateJson = { data: ActivateLicenseResult };
type LicenseJson = { data: LicenseObject };
const CHROME = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36";

describeServerApi("Server API: activating and revoking", (suite) => {
  const activate = (key: string, json: Record<string, unknown>, headers?: Record<string, string>) =>
    suite.call<ActivateJson>(`/api/v1/licenses/${key}/activate`, { json, headers });

  describe("activate", () => {
    it("activates a new domain once, records the caller's IP and user agent, and never counts a repeat", async () => {
      const { license } = await issueTestLicense(suite.db(), { maxActivations: 2 });
      const domain = uniqueDomain();
      const first = await activate(license.key, { domain: `https://www.${domain}/shop/` }, { "User-Agent": CHROME });
      expect(first.status).toBe(200);
      const data = activateLicenseResponseSchema.parse(first.json).data;
      expect(data).toMatchObject({
        valid: true,
        code: "VALID",
        message: "License is valid",
        environment: { value: domain, kind: "domain", activated: true, local: false },
        activation: {
          environment: domain,
          kind: "domain",
          ip: "127.0.0.1",
          user_agent: { browser: "Chrome", platform: "Windows", device: "desktop", raw: CHROME },
          deactivated_at: null,
        },
        license: { activations: { count: 1, max: 2, remaining: 1 }, can_activate: true },
      });
      expect(data.license.activated_at).toBe(data.activation?.first_seen_at);

      const repeat = await activate(license.key, { domain });
      expect(repeat.json.data).toMatchObject({ code: "VALID", environment: { activated: false }, license: { activations: { count: 1 } } });
      expect(repeat.json.data.activation?.id).toBe(data.activation?.id);
    });

    it("answers MAX_ACTIVATIONS_EXCEEDED (HTTP 200) for a new environment once the key is full", async () => {
      const { license } = await issueTestLicense(suite.db(), { maxActivations: 1 });
      expect((await activate(license.key, { domain: uniqueDomain() })).json.data.code).toBe("VALID");
      const full = await activate(license.key, { domain: uniqueDomain() });
      expect(full.status).toBe(200);
      expect(full.json.data).toMatchObject({
        valid: false,
        code: "MAX_ACTIVATIONS_EXCEEDED",
        message: "Max activations exceeded",
        environment: { activated: false },
        activation: null,
        license: { activations: { count: 1, max: 1, remaining: 0 }, can_activate: false },
      });
      expect(await suite.db().activation.count({ where: { licenseId: license.id } })).toBe(1);
    });

    it("never exceeds the limit under concurrent activations", async () => {
      const { license } = await issueTestLicense(suite.db(), { maxActivations: 3 });
      const answers = await Promise.all(Array.from({ length: 12 }, () => activate(license.key, { domain: uniqueDomain() })));
      expect(answers.filter((a) => a.json.data.code === "VALID")).toHaveLength(3);
      expect(answers.filter((a) => a.json.data.code === "MAX_ACTIVATIONS_EXCEEDED")).toHaveLength(9);
      expect((await suite.db().license.findUniqueOrThrow({ where: { id: license.id } })).activationsUsed).toBe(3);
    });

    it("activates IP environments and unlimited keys", async () => {
      const { license } = await issueTestLicense(suite.db(), { maxActivations: 0 });
      for (let i = 1; i <= 5; i++) {
        const answer = await activate(license.key, { ip: `203.0.113.${i}` });
        expect(answer.json.data).toMatchObject({ code: "VALID", environment: { value: `203.0.113.${i}`, kind: "ip", activated: true } });
      }
      const mapped = await activate(license.key, { ip: "::ffff:203.0.113.1" });
      expect(mapped.json.data.environment).toMatchObject({ value: "203.0.113.1", activated: false });
      expect(mapped.json.data.license.activations).toEqual({ count: 5, max: 0, remaining: null });
    });

    it.each([
      ["REVOKED", { revoked: true }, "License has been revoked"],
      ["EXPIRED", { expired: true }, "License has expired"],
    ] as const)("answers %s for such a key and activates nothing", async (code, options, message) => {
      const { license } = await issueTestLicense(suite.db(), { maxActivations: 5, ...options });
      const answer = await activate(license.key, { domain: uniqueDomain() });
      expect(answer.status).toBe(200);
      expect(answer.json.data).toMatchObject({ valid: false, code, message, activation: null });
      expect(await suite.db().activation.count({ where: { licenseId: license.id } })).toBe(0);
    });

    it("answers PRODUCT_MISMATCH when the key is for another product", async () => {
      const { license, product } = await issueTestLicense(suite.db());
      const other = await createProduct(suite.db());
      expect((await activate(license.key, { domain: uniqueDomain(), product: other.slug })).json.data.code).toBe("PRODUCT_MISMATCH");
      expect((await activate(license.key, { domain: uniqueDomain(), product: product.slug })).json.data.code).toBe("VALID");
    });

    it.each([
      ["neither domain nor ip", {}, "VALIDATION_ERROR"],
      ["both domain and ip", { domain: "example.com", ip: "203.0.113.9" }, "VALIDATION_ERROR"],
      ["a device identifier", { device_identifier: "00:1B:44:11:3A:B7" }, "VALIDATION_ERROR"],
      ["a domain that is not a hostname", { domain: "not a domain" }, "INVALID_DOMAIN"],
      ["an ip that is not an address", { ip: "example.com" }, "INVALID_IP"],
    ])("answers 422 for %s", async (_name, body, code) => {
      const { license } = await issueTestLicense(suite.db());
      const answer = await suite.call<ApiErrorJson>(`/api/v1/licenses/${license.key}/activate`, { json: body });
      expect(answer.status).toBe(422);
      expect(answer.json.error.code).toBe(code);
      expect(await suite.db().activation.count({ where: { licenseId: license.id } })).toBe(0);
    });

    it("answers 404 for an unknown key", async () => {
      const answer = await suite.call<ApiErrorJson>("/api/v1/licenses/CP-00000-00000-00000-00000-00000/activate", { json: { domain: "example.com" } });
      expect(answer.status).toBe(404);
      expect(answer.json.error.code).toBe("NOT_FOUND");
    });
  });

  describe("revoke", () => {
    const revoke = (key: string, json?: Record<string, unknown>) => suite.call<LicenseJson & ApiErrorJson>(`/api/v1/licenses/${key}/revoke`, { method: "POST", json });

    it("revokes with a reason, then answers 409 ALREADY_REVOKED, and the key never activates again", async () => {
      const { license } = await issueTestLicense(suite.db(), { maxActivations: 3 });
      await activate(license.key, { domain: uniqueDomain() });
      const first = await revoke(license.key, { reason: "Customer requested refund" });
      expect(first.status).toBe(200);
      expect(first.json.data).toMatchObject({
        status: "revoked", is_active: false, can_activate: false, revoke_reason: "Customer requested refund", activations: { count: 1 },
      });
      expect(first.json.data.revoked_at).not.toBeNull();

      const second = await revoke(license.key, { reason: "again" });
      expect(second.status).toBe(409);
      expect(second.json.error.code).toBe("ALREADY_REVOKED");
      const row = await suite.db().license.findUniqueOrThrow({ where: { id: license.id } });
      expect(row.revokeReason).toBe("Customer requested refund");
      expect(row.revokedBy).toMatch(/^api:sk_/);
      expect((await activate(license.key, { domain: uniqueDomain() })).json.data.code).toBe("REVOKED");
    });

    it("accepts no body at all, an empty object and a null reason", async () => {
      for (const json of [undefined, {}, { reason: null }]) {
        const { license } = await issueTestLicense(suite.db());
        const answer = await revoke(license.key, json);
        expect(answer.status).toBe(200);
        expect(answer.json.data).toMatchObject({ status: "revoked", revoke_reason: null });
      }
    });

    it("accepts a 500-character reason and answers 422 for 501, revoking nothing", async () => {
      const { license } = await issueTestLicense(suite.db());
      const tooLong = await revoke(license.key, { reason: "x".repeat(501) });
      expect(tooLong.status).toBe(422);
      expect(tooLong.json.error.code).toBe("VALIDATION_ERROR");
      expect(tooLong.json.error.message).toMatch(/500/);
      expect((await suite.db().license.findUniqueOrThrow({ where: { id: license.id } })).revokedAt).toBeNull();

      const longest = await revoke(license.key, { reason: "y".repeat(500) });
      expect(longest.status).toBe(200);
      expect(longest.json.data.revoke_reason).toHaveLength(500);
    });

    it("answers 404 for an unknown key", async () => {
      const answer = await revoke("CP-00000-00000-00000-00000-00000", { reason: "x" });
      expect(answer.status).toBe(404);
      expect(answer.json.error.code).toBe("NOT_FOUND");
    });
  });
});
