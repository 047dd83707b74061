// How the real server routes what it is sent: one path per license endpoint (other spellings used
// to reach a second copy with its own rate-limit budget and an unbounded body), a 400 for a
// malformed %-escape (Next.js answered 500 text/plain), and JSON for every 404 and 405 under /api.
import { beforeAll, describe, expect, it } from "vitest";
import { appRoutes } from "../../helpers/app-routes";
import { issueTestLicense, uniqueDomain } from "../../helpers/factories";
import { requestRawPath, type RawAnswer } from "../../helpers/raw-http";
import { storeServerForFile } from "../../helpers/store-server";
import { createTestApiKey } from "../server-api/helpers/server-api";

const VERIFY_BUDGET = 3;
const store = storeServerForFile({ env: { VERIFY_RATE_LIMIT_PER_IP: VERIFY_BUDGET } });

const json = (answer: RawAnswer) => {
  expect(answer.headers["content-type"]).toMatch(/^application\/json/);
  return JSON.parse(answer.text) as { error?: { code: string; message: string }; code?: string };
};

describe("the license endpoints have one path each", () => {
  const SPELLINGS = [
    "/api/v1/licenses/./verify",
    "/api/v1/licenses/%2e/verify",
    "/api/v1/licenses/%2E/verify",
    "/api/v1/licenses/x/../verify",
    "/api/v1/licenses/%76erify",
    "/api/v1/licenses/verif%79",
    "/api/v1/%6cicenses/verify",
    "/api/v1/./licenses/verify",
    "/api/v1/licenses/./deactivate",
    "/api/v1/licenses/%64eactivate",
  ];

  it("answers every other spelling 404 naming the path, without activating or spending the budget", async () => {
    const { license } = await issueTestLicense(store.db(), { maxActivations: 0 });
    for (const path of SPELLINGS) {
      const body = JSON.stringify({ key: license.key, domain: uniqueDomain() });
      const answer = await requestRawPath(store.server().url, path, { method: "POST", headers: { "Content-Type": "application/json" }, body });
      expect(answer.status, path).toBe(404);
      expect(json(answer).error?.message, path).toMatch(/this endpoint is \/api\/v1\/licenses\/(verify|deactivate)$/);
    }
    expect(await store.db().activation.count({ where: { licenseId: license.id } })).toBe(0);

    // The canonical path still has the whole per-IP budget: none of the above was counted.
    for (let call = 1; call <= VERIFY_BUDGET; call++) {
      const body = JSON.stringify({ key: license.key, domain: uniqueDomain() });
      const answer = await requestRawPath(store.server().url, "/api/v1/licenses/verify", { method: "POST", headers: { "Content-Type": "application/json" }, body });
      expect(answer.status).toBe(200);
      expect(json(answer).code).toBe("VALID");
    }
    const over = await requestRawPath(store.server().url, "/api/v1/licenses/verify", { method: "POST", headers: { "Content-Type": "application/json" }, body: "{}" });
    expect(over.status).toBe(429);
  });

  it("redirects a trailing slash to the one path", async () => {
    const answer = await requestRawPath(store.server().url, "/api/v1/licenses/signing-key/");
    expect(answer.status).toBe(308);
    expect(answer.headers.location).toBe("/api/v1/licenses/signing-key");
  });
});

describe("malformed paths", () => {
  it.each(["/api/v1/licenses/%ZZ", "/api/v1/licenses/%E0%A4%A", "/api/v1/activations/%", "/api/v1/%C0%AF"])("%s is a JSON 400", async (path) => {
    const answer = await requestRawPath(store.server().url, path);
    expect(answer.status).toBe(400);
    expect(json(answer).error?.code).toBe("INVALID_PATH");
  });

  it.each(["/products/%ZZ", "/admin/licenses/%E0%A4%A", "/%"])("%s is a plain 400, not a 500", async (path) => {
    const answer = await requestRawPath(store.server().url, path);
    expect(answer.status).toBe(400);
    expect(answer.headers["content-type"]).toMatch(/^text\/plain/);
  });
});

describe("everything under /api answers JSON", () => {
  let writeKey = "";
  beforeAll(async () => {
    writeKey = await createTestApiKey(store.db(), "write");
  });

  it.each(["/api/v1/nothing", "/api/v1/licenses/CP-0000-0000/nothing", "/api/nothing/at/all", "/api/v2/licenses"])("%s is a JSON 404 for any method", async (path) => {
    for (const method of ["GET", "POST", "DELETE"]) {
      const answer = await requestRawPath(store.server().url, path, { method });
      expect(answer.status, `${method} ${path}`).toBe(404);
      expect(json(answer).error?.code).toBe("NOT_FOUND");
    }
  });

  it("every route handler of the build answers every method with JSON, never a 5xx, HTML or an empty 405", async () => {
    const { handlers } = appRoutes(store.server().distDir);
    const wrong: string[] = [];
    for (const route of handlers) {
      for (const auth of [{}, { Authorization: `Bearer ${writeKey}` }] as Record<string, string>[]) {
        for (const method of ["GET", "POST", "PUT", "PATCH", "DELETE"]) {
          const headers = { ...auth, "Content-Type": "application/json" };
          const answer = await requestRawPath(store.server().url, route.path, { method, headers, body: method === "GET" ? undefined : "{}" });
          const what = `${method} ${route.path}${"Authorization" in auth ? " (API key)" : ""}: ${answer.status}`;
          // The webhook answers 503 by design while Stripe is not configured, so that Stripe retries.
          const unconfiguredWebhook = route.pattern === "/api/webhooks/stripe" && answer.status === 503;
          if (answer.status >= 500 && !unconfiguredWebhook) wrong.push(`${what} ${answer.text.slice(0, 100)}`);
          else if (!/^application\/json/.test(String(answer.headers["content-type"]))) wrong.push(`${what} ${answer.headers["content-type"]}`);
          else if (answer.status === 405 && !answer.headers.allow) wrong.push(`${what} without Allow`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it("answers OPTIONS with the methods a route serves", async () => {
    const answer = await requestRawPath(store.server().url, "/api/v1/licenses", { method: "OPTIONS" });
    expect(answer.status).toBe(204);
    expect(answer.headers.allow).toBe("GET, POST, OPTIONS");
  });
});
