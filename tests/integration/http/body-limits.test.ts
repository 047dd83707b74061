// Every request body is bounded while it streams (a 40 MB POST to the webhook once raised the
// server's memory by 100 MB). Each endpoint gets a body that never ends and a Content-Length that
// promises 40 MB and sends nothing: a server that reads first and checks after answers neither.
// The walk covers every route handler of the build, so a new route is checked without being listed.
import { beforeAll, describe, expect, it } from "vitest";
import { appRoutes } from "../../helpers/app-routes";
import { ENDLESS_BODY_GIVE_UP_BYTES, postDeclaringLength, postEndless, type RawAnswer } from "../../helpers/raw-http";
import { storeServerForFile } from "../../helpers/store-server";
import { createTestApiKey } from "../server-api/helpers/server-api";

const store = storeServerForFile();
let writeKey = "";
beforeAll(async () => {
  writeKey = await createTestApiKey(store.db(), "write");
});

const FORTY_MB = 40 * 1024 * 1024;
const tooLarge = (limit: number) => ({ error: { code: "BODY_TOO_LARGE", message: `The request body must be at most ${limit} bytes` } });

function expectJsonError(answer: RawAnswer, status: number) {
  expect(answer.status).toBe(status);
  expect(answer.headers["content-type"]).toMatch(/^application\/json/);
  return JSON.parse(answer.text) as unknown;
}

// The endpoints that read a body, and their limits.
const LIMITED = [
  { path: "/api/v1/licenses/verify", limit: 8 * 1024, headers: {} },
  { path: "/api/v1/licenses/deactivate", limit: 8 * 1024, headers: {} },
  { path: "/api/webhooks/stripe", limit: 1024 * 1024, headers: { "Stripe-Signature": "t=1,v1=x" } },
  { path: "/api/auth/callback/credentials", limit: 16 * 1024, headers: { "Content-Type": "application/x-www-form-urlencoded" } },
  { path: "/api/v1/licenses", limit: 16 * 1024, auth: true },
  { path: "/api/v1/licenses/CP-0000-0000/activate", limit: 16 * 1024, auth: true },
  { path: "/api/v1/licenses/CP-0000-0000/revoke", limit: 16 * 1024, auth: true },
] as const;

describe.each(LIMITED)("$path", (endpoint) => {
  const headers = (): Record<string, string> => ({
    ...("headers" in endpoint ? endpoint.headers : {}),
    ...("auth" in endpoint ? { Authorization: `Bearer ${writeKey}` } : {}),
  });

  it(`refuses a declared Content-Length over ${endpoint.limit} bytes at once with 413`, async () => {
    const answer = await postDeclaringLength(store.server().url + endpoint.path, FORTY_MB, headers());
    expect(expectJsonError(answer, 413)).toEqual(tooLarge(endpoint.limit));
  });

  it("stops reading an endless body at the limit and answers 413, closing the connection after it", async () => {
    const answer = await postEndless(store.server().url + endpoint.path, headers());
    expect(expectJsonError(answer, 413)).toEqual(tooLarge(endpoint.limit));
    expect(answer.sentBytes).toBeLessThan(ENDLESS_BODY_GIVE_UP_BYTES);
    // The rest of the body is never read, so the connection cannot carry another request.
    expect(answer.headers.connection).toBe("close");
  });
});

it("the server API checks the API key before it reads a byte of the body", async () => {
  const answer = await postEndless(`${store.server().url}/api/v1/licenses`);
  expect(expectJsonError(answer, 401)).toMatchObject({ error: { code: "UNAUTHORIZED" } });
});

it("every route handler of the build answers an endless POST, PUT, PATCH and DELETE without reading it all", async () => {
  const { handlers } = appRoutes(store.server().distDir);
  expect(handlers.map((route) => route.pattern)).toContain("/api/webhooks/stripe");
  const unexpected: string[] = [];
  for (const route of handlers) {
    for (const method of ["POST", "PUT", "PATCH", "DELETE"]) {
      const answer = await postEndless(store.server().url + route.path, {}, method);
      const json = /^application\/json/.test(String(answer.headers["content-type"]));
      if (answer.status >= 500 || answer.status < 400 || !json) unexpected.push(`${method} ${route.path}: ${answer.status} ${answer.text.slice(0, 80)}`);
    }
  }
  expect(unexpected).toEqual([]);
});

it("server actions keep Next.js's own 1 MB limit, enforced while the body streams", async () => {
  const answer = await postEndless(`${store.server().url}/sign-up`, { "Next-Action": "0".repeat(42), "Content-Type": "text/plain;charset=UTF-8" });
  expect(answer.sentBytes).toBeLessThan(ENDLESS_BODY_GIVE_UP_BYTES);
});
