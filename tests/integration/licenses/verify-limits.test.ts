// Slots and throttling over real HTTP: deactivation frees a slot for a new site, repeat verifies
// never write, and the per-key and per-IP rate limits answer 429 with Retry-After and the
// standard RateLimit-* headers.
import { describe, expect, it } from "vitest";
import { generateLicenseKey } from "../../../lib/licenses/key";
import { issueTestLicense, uniqueDomain } from "../../helpers/factories";
import {
  callApi,
  deactivate,
  DEACTIVATE_PATH,
  describeLicenseApi,
  useExtraServer,
  verify,
  type ApiErrorBody,
} from "../../helpers/license-api-server";

describeLicenseApi("Verify API: slots and limits", (suite) => {
  describe("deactivate", () => {
    it("frees a slot so a new domain can activate; the freed domain can come back later", async () => {
      const { license } = await issueTestLicense(suite.db(), { maxActivations: 1 });
      const [first, second] = [uniqueDomain("first"), uniqueDomain("second")];
      const code = async (domain: string) => (await verify(suite.server(), { key: license.key, domain })).json.code;

      expect(await code(first)).toBe("VALID");
      expect(await code(second)).toBe("MAX_ACTIVATIONS_EXCEEDED");

      const freed = await deactivate(suite.server(), { key: license.key, domain: `https://www.${first}/` });
      expect(freed.status).toBe(200);
      expect(freed.json).toEqual({
        success: true,
        code: "DEACTIVATED",
        message: "Activation removed; the slot is free",
        environment: { kind: "domain", value: first },
      });
      // The row stays for the audit trail, marked deactivated; the slot is back.
      const row = await suite.db().activation.findFirstOrThrow({ where: { licenseId: license.id, environment: first } });
      expect(row.deactivatedAt).toBeInstanceOf(Date);
      expect((await suite.db().license.findUniqueOrThrow({ where: { id: license.id } })).activationsUsed).toBe(0);

      const taken = await verify(suite.server(), { key: license.key, domain: second });
      expect(taken.json).toMatchObject({ code: "VALID", activations: { used: 1, remaining: 0 }, environment: { activated: true } });
      expect(await code(first)).toBe("MAX_ACTIVATIONS_EXCEEDED");

      // Deactivating twice frees nothing more.
      const again = await deactivate(suite.server(), { key: license.key, domain: first });
      expect(again.json).toMatchObject({ success: false, code: "NOT_ACTIVATED" });
      expect((await suite.db().license.findUniqueOrThrow({ where: { id: license.id } })).activationsUsed).toBe(1);

      // The first site returns once the second leaves: its old row is claimed again.
      await deactivate(suite.server(), { key: license.key, domain: second });
      const back = await verify(suite.server(), { key: license.key, domain: first });
      expect(back.json).toMatchObject({ code: "VALID", activations: { used: 1 }, environment: { value: first, activated: true } });
      const rows = await suite.db().activation.findMany({ where: { licenseId: license.id }, orderBy: { environment: "asc" } });
      expect(rows.map((r) => [r.environment, r.deactivatedAt === null])).toEqual([
        [first, true], // "first-…" sorts before "second-…"
        [second, false],
      ]);
    });

    it("without a domain, frees the client IP's slot", async () => {
      const { license } = await issueTestLicense(suite.db(), { maxActivations: 1 });
      await verify(suite.server(), { key: license.key });
      const answer = await deactivate(suite.server(), { key: license.key });
      expect(answer.json).toMatchObject({ code: "DEACTIVATED", environment: { kind: "ip", value: "127.0.0.1" } });
      expect((await suite.db().license.findUniqueOrThrow({ where: { id: license.id } })).activationsUsed).toBe(0);
    });

    it.each([
      ["an unknown key", () => generateLicenseKey(), "NOT_FOUND", "Invalid license key"],
      ["a mistyped key", () => "CP-00000-00000-00000-00000-00001", "NOT_FOUND", "Invalid license key"],
    ])("answers %s with NOT_FOUND", async (_label, key, code, message) => {
      const answer = await deactivate(suite.server(), { key: key(), domain: uniqueDomain() });
      expect(answer.status).toBe(200);
      expect(answer.json).toMatchObject({ success: false, code, message });
    });

    it("answers a domain that was never activated with NOT_ACTIVATED", async () => {
      const { license } = await issueTestLicense(suite.db());
      const answer = await deactivate(suite.server(), { key: license.key, domain: uniqueDomain() });
      expect(answer.json).toMatchObject({ success: false, code: "NOT_ACTIVATED", message: "This environment is not activated for this license" });
    });

    it.each([
      ["an invalid domain", { json: { key: generateLicenseKey(), domain: "bad domain" } }, "INVALID_DOMAIN"],
      ["a missing key", { json: { domain: "example.com" } }, "INVALID_REQUEST"],
      ["an unsupported content type", { body: "x", contentType: "text/plain" }, "UNSUPPORTED_CONTENT_TYPE"],
    ])("answers %s with 400", async (_label, init, code) => {
      const answer = await callApi<ApiErrorBody>(suite.server(), DEACTIVATE_PATH, init);
      expect(answer.status).toBe(400);
      expect(answer.json).toEqual({ error: { code, message: expect.any(String) } });
    });
  });

  describe("repeat verifies do not write", () => {
    it("20 repeats within a minute leave lastSeenAt and the License row untouched", async () => {
      const { license } = await issueTestLicense(suite.db(), { maxActivations: 2 });
      const domain = uniqueDomain();
      expect((await verify(suite.server(), { key: license.key, domain })).json.environment.activated).toBe(true);
      const activationBefore = await suite.db().activation.findFirstOrThrow({ where: { licenseId: license.id } });
      const licenseBefore = await suite.db().license.findUniqueOrThrow({ where: { id: license.id } });

      const sequential = [];
      for (let i = 0; i < 10; i++) sequential.push(await verify(suite.server(), { key: license.key, domain }));
      const concurrent = await Promise.all(Array.from({ length: 10 }, () => verify(suite.server(), { key: license.key, domain })));

      for (const answer of [...sequential, ...concurrent]) {
        expect(answer.json).toMatchObject({ code: "VALID", activations: { used: 1 }, environment: { activated: false } });
      }
      expect(await suite.db().activation.findMany({ where: { licenseId: license.id } })).toEqual([activationBefore]);
      expect(await suite.db().license.findUniqueOrThrow({ where: { id: license.id } })).toEqual(licenseBefore);
    });
  });

  // One extra server with low limits. It trusts one proxy so the per-IP test can send from a
  // client IP of its own, and the per-key test from a fresh IP per request (never the per-IP cap).
  describe("rate limits", () => {
    const PER_KEY = 3;
    const PER_IP = 5;
    const limited = useExtraServer(suite, { VERIFY_RATE_LIMIT_PER_KEY: PER_KEY, VERIFY_RATE_LIMIT_PER_IP: PER_IP, TRUST_PROXY_HOPS: 1 });
    let nextIp = 1;
    const freshIp = () => ({ "X-Forwarded-For": `198.51.100.${nextIp++}` });

    it(`answers the key's ${PER_KEY + 1}th verify in a minute with 429, Retry-After and RateLimit-* headers`, async () => {
      const { license } = await issueTestLicense(suite.db(), { maxActivations: 0 });
      const domain = uniqueDomain();
      const allowed = [];
      for (let i = 0; i < PER_KEY; i++) allowed.push(await verify(limited(), { key: license.key, domain }, { headers: freshIp() }));
      expect(allowed.map((a) => [a.status, a.headers.get("ratelimit-limit"), a.headers.get("ratelimit-remaining")])).toEqual([
        [200, String(PER_KEY), "2"],
        [200, String(PER_KEY), "1"],
        [200, String(PER_KEY), "0"],
      ]);

      // Any spelling of the key is the same key to the limiter.
      const refused = await callApi<ApiErrorBody>(limited(), "/api/v1/licenses/verify", {
        json: { key: license.key.toLowerCase(), domain },
        headers: freshIp(),
      });
      expect(refused.status).toBe(429);
      expect(refused.json).toEqual({ error: { code: "RATE_LIMITED", message: expect.any(String) } });
      const retryAfter = Number(refused.headers.get("retry-after"));
      expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60).toBe(true);
      expect(refused.headers.get("ratelimit-limit")).toBe(String(PER_KEY));
      expect(refused.headers.get("ratelimit-remaining")).toBe("0");
      expect(Number(refused.headers.get("ratelimit-reset"))).toBeGreaterThanOrEqual(1);

      // Deactivate shares the key's budget; another key is not affected.
      const deactivation = await deactivate(limited(), { key: license.key, domain }, { headers: freshIp() });
      expect(deactivation.status).toBe(429);
      const { license: other } = await issueTestLicense(suite.db());
      expect((await verify(limited(), { key: other.key, domain }, { headers: freshIp() })).status).toBe(200);
    });

    it(`answers a client IP's ${PER_IP + 1}th request in a minute with 429, whatever the key`, async () => {
      const headers = { "X-Forwarded-For": "203.0.113.250" };
      const statuses = [];
      for (let i = 0; i <= PER_IP; i++) {
        const { license } = await issueTestLicense(suite.db());
        statuses.push((await verify(limited(), { key: license.key, domain: uniqueDomain() }, { headers })).status);
      }
      expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
      const garbage = await callApi(limited(), "/api/v1/licenses/verify", { body: "nonsense", contentType: "text/plain", headers });
      expect(garbage.status).toBe(429);
      expect(garbage.headers.get("retry-after")).toMatch(/^\d+$/);
      // Another client is still served.
      const { license } = await issueTestLicense(suite.db());
      expect((await verify(limited(), { key: license.key }, { headers: freshIp() })).status).toBe(200);
    });
  });
});
