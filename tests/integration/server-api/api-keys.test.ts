// API keys over real HTTP: who may call what (no key, wrong key, revoked key → 401; read key on a
// write route → 403), how the secret is kept (hash only), last use recorded at most once a
// minute, and the per-key rate limit with its headers.
import { describe, expect, it } from "vitest";
import { authenticateApiKey } from "../../../lib/api-keys/authenticate-api-key";
import { createApiKey } from "../../../lib/api-keys/create-api-key";
import { revokeApiKey } from "../../../lib/api-keys/revoke-api-key";
import { API_KEY_SECRET_PATTERN, generateApiKeySecret, hashApiKeySecret } from "../../../lib/api-keys/secret";
import { SERVER_API_RATE_LIMIT_PER_MINUTE } from "../../../lib/api/http/api-route";
import { issueTestLicense } from "../../helpers/factories";
import { createTestApiKey, describeServerApi, type ApiErrorJson } from "./helpers/server-api";

const WRITE_ROUTES = (key: string) => [
  { method: "POST", path: "/api/v1/licenses", json: {} },
  { method: "POST", path: `/api/v1/licenses/${key}/activate`, json: { domain: "example.com" } },
  { method: "POST", path: `/api/v1/licenses/${key}/revoke`, json: {} },
  { method: "DELETE", path: "/api/v1/activations/some-id" },
] as const;
const READ_ROUTES = (key: string) => ["/api/v1/licenses", `/api/v1/licenses/${key}`, `/api/v1/licenses/${key}/activations`];

describe("API key secrets", () => {
  it("are sk_ plus 32 base32 characters (160 random bits), never repeating", () => {
    const secrets = Array.from({ length: 1000 }, generateApiKeySecret);
    for (const secret of secrets) expect(secret).toMatch(API_KEY_SECRET_PATTERN);
    expect(secrets[0]).toMatch(/^sk_[a-z2-7]{32}$/);
    expect(new Set(secrets).size).toBe(secrets.length);
    expect(hashApiKeySecret("sk_x")).toMatch(/^[0-9a-f]{64}$/);
  });
});

describeServerApi("Server API: API keys and scopes", (suite) => {
  describe("storage", () => {
    it("keeps only a SHA-256 hash and a display prefix of the secret", async () => {
      const { apiKey, secret } = await createApiKey(suite.db(), { name: "Backend", scope: "read", createdBy: "test" });
      const row = await suite.db().apiKey.findUniqueOrThrow({ where: { id: apiKey.id } });
      expect(row.hash).toBe(hashApiKeySecret(secret));
      expect(row.prefix).toBe(secret.slice(0, 12));
      expect(Object.values(row).some((value) => value === secret)).toBe(false);
      const audit = await suite.db().auditEvent.findFirstOrThrow({ where: { subject: `api_key:${apiKey.id}`, action: "api_key.created" } });
      expect(audit.details).not.toContain(secret);
    });
  });

  describe("authentication", () => {
    it("answers 401 UNAUTHORIZED without a key, with a malformed header, and with an unknown key", async () => {
      const { license } = await issueTestLicense(suite.db());
      const cases: (string | null)[] = [null, "Basic dXNlcjpwYXNz", "Bearer", "Bearer not-a-key", generateApiKeySecret()];
      for (const path of READ_ROUTES(license.key)) {
        for (const key of cases) {
          const headers = key === null || key.startsWith("sk_") ? undefined : { Authorization: key };
          const answer = await suite.call<ApiErrorJson>(path, { key: key?.startsWith("sk_") ? key : null, headers });
          expect(answer.status, `${path} with ${key}`).toBe(401);
          expect(answer.json.error.code).toBe("UNAUTHORIZED");
          expect(answer.headers.get("www-authenticate")).toMatch(/^Bearer/);
        }
      }
    });

    it("refuses a revoked key with the same answer as an unknown one", async () => {
      const secret = await createTestApiKey(suite.db(), "write");
      expect((await suite.call("/api/v1/licenses", { key: secret })).status).toBe(200);
      const row = await suite.db().apiKey.findUniqueOrThrow({ where: { hash: hashApiKeySecret(secret) } });
      expect(await revokeApiKey(suite.db(), { id: row.id, actor: "test" })).toBe("revoked");
      expect(await revokeApiKey(suite.db(), { id: row.id, actor: "test" })).toBe("already_revoked");

      const revoked = await suite.call<ApiErrorJson>("/api/v1/licenses", { key: secret });
      const unknown = await suite.call<ApiErrorJson>("/api/v1/licenses", { key: generateApiKeySecret() });
      expect(revoked.status).toBe(401);
      expect(revoked.json).toEqual(unknown.json);
      expect(revoked.json).toEqual({ error: { code: "UNAUTHORIZED", message: "Invalid API key" } });
    });

    it("accepts the scheme in any case and the secret with surrounding spaces", async () => {
      const answer = await suite.call("/api/v1/licenses", { key: null, headers: { Authorization: `  bearer ${suite.readKey()} ` } });
      expect(answer.status).toBe(200);
    });

    // Well-formed secrets reach the database lookup, where a careless log line could print them:
    // an unknown one, a revoked one, and good ones whose requests fail later, on every route.
    it("never writes a secret to the server's log", async () => {
      const unknown = generateApiKeySecret();
      const revoked = await createApiKey(suite.db(), { name: "soon revoked", scope: "write", createdBy: "test" });
      await revokeApiKey(suite.db(), { id: revoked.apiKey.id, actor: "test" });
      const { license } = await issueTestLicense(suite.db());
      for (const secret of [unknown, revoked.secret, suite.writeKey(), suite.readKey()]) {
        for (const route of [...WRITE_ROUTES(license.key), ...READ_ROUTES(license.key).map((path) => ({ method: "GET" as const, path }))]) {
          const json = "json" in route ? route.json : undefined;
          await suite.call(route.path, { key: secret, method: route.method, json });
        }
        await suite.call("/api/v1/licenses?cursor=not-a-cursor", { key: secret });
      }
      const log = suite.server().stdout() + suite.server().stderr();
      for (const secret of [unknown, revoked.secret, suite.writeKey(), suite.readKey()]) expect(log).not.toContain(secret);
    });
  });

  describe("scopes", () => {
    it("lets a read key read and answers 403 FORBIDDEN on every write route, changing nothing", async () => {
      const { license } = await issueTestLicense(suite.db(), { maxActivations: 2 });
      for (const path of READ_ROUTES(license.key)) {
        expect((await suite.call(path, { key: suite.readKey() })).status, path).toBe(200);
      }
      for (const route of WRITE_ROUTES(license.key)) {
        const answer = await suite.call<ApiErrorJson>(route.path, { key: suite.readKey(), method: route.method, json: "json" in route ? route.json : undefined });
        expect(answer.status, `${route.method} ${route.path}`).toBe(403);
        expect(answer.json.error.code).toBe("FORBIDDEN");
      }
      const after = await suite.db().license.findUniqueOrThrow({ where: { id: license.id } });
      expect({ revokedAt: after.revokedAt, activationsUsed: after.activationsUsed }).toEqual({ revokedAt: null, activationsUsed: 0 });
    });

    it("lets a write key read too", async () => {
      const { license } = await issueTestLicense(suite.db());
      for (const path of READ_ROUTES(license.key)) expect((await suite.call(path, { key: suite.writeKey() })).status, path).toBe(200);
    });
  });

  describe("last use", () => {
    it("is recorded on the first request and refreshed at most once a minute", async () => {
      const secret = await createTestApiKey(suite.db(), "read");
      const where = { hash: hashApiKeySecret(secret) };
      expect((await suite.db().apiKey.findUniqueOrThrow({ where })).lastUsedAt).toBeNull();

      await suite.call("/api/v1/licenses?per_page=1", { key: secret });
      const first = (await suite.db().apiKey.findUniqueOrThrow({ where })).lastUsedAt;
      expect(first).toBeInstanceOf(Date);
      await suite.call("/api/v1/licenses?per_page=1", { key: secret });
      expect((await suite.db().apiKey.findUniqueOrThrow({ where })).lastUsedAt).toEqual(first);

      // A minute later (simulated through `now`), the next use writes again.
      const later = new Date(Date.now() + 61_000);
      await authenticateApiKey(suite.db(), `Bearer ${secret}`, later);
      expect((await suite.db().apiKey.findUniqueOrThrow({ where })).lastUsedAt).toEqual(later);
    });
  });

  describe("rate limit", () => {
    it(`allows ${SERVER_API_RATE_LIMIT_PER_MINUTE} requests a minute per key, then 429 with Retry-After`, async () => {
      const secret = await createTestApiKey(suite.db(), "read");
      const first = await suite.call("/api/v1/licenses?per_page=1", { key: secret });
      expect(first.headers.get("ratelimit-limit")).toBe(String(SERVER_API_RATE_LIMIT_PER_MINUTE));
      expect(first.headers.get("ratelimit-remaining")).toBe(String(SERVER_API_RATE_LIMIT_PER_MINUTE - 1));
      expect(Number(first.headers.get("ratelimit-reset"))).toBeGreaterThan(0);

      const statuses: number[] = [];
      for (let batch = 0; batch < SERVER_API_RATE_LIMIT_PER_MINUTE / 20; batch++) {
        const answers = await Promise.all(Array.from({ length: 20 }, () => suite.call("/api/v1/licenses?per_page=1", { key: secret })));
        statuses.push(...answers.map((a) => a.status));
      }
      expect(statuses.filter((s) => s === 200)).toHaveLength(SERVER_API_RATE_LIMIT_PER_MINUTE - 1);
      expect(statuses.filter((s) => s === 429)).toHaveLength(1);

      const limited = await suite.call<ApiErrorJson>("/api/v1/licenses?per_page=1", { key: secret });
      expect(limited.status).toBe(429);
      expect(limited.json.error.code).toBe("RATE_LIMITED");
      expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
      expect(limited.headers.get("ratelimit-remaining")).toBe("0");

      // Another key has its own budget.
      expect((await suite.call("/api/v1/licenses?per_page=1", { key: suite.readKey() })).status).toBe(200);
    });
  });
});
