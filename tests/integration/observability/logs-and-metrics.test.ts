// Request logs, X-Request-Id and GET /metrics through the real server (server/main.ts in front of
// Next.js) on SQLite: what an operator's log shipper and Prometheus see.
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { issueTestLicense, uniqueDomain } from "../../helpers/factories";
import { startStoreServer, storeServerForFile, type StoreServer } from "../../helpers/store-server";
import { openTestDatabase, type TestDatabase } from "../../helpers/test-databases";
import { createTestApiKey } from "../server-api/helpers/server-api";

const METRICS_TOKEN = "metrics-token-0123456789abcdef";
const store = storeServerForFile({ env: { METRICS_TOKEN, LOG_LEVEL: "info" } });
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

type LogLine = Record<string, unknown>;

/** The server's JSON log lines so far (Next.js writes one plain line of its own at start-up). */
function logLines(server: StoreServer): LogLine[] {
  return server
    .stdout()
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as LogLine);
}

/** The request lines naming `requestId`, once the asynchronous log has written them. */
async function requestLines(requestId: string, count = 1): Promise<LogLine[]> {
  let lines: LogLine[] = [];
  await expect
    .poll(() => (lines = logLines(store.server()).filter((line) => line.msg === "request" && line.requestId === requestId)).length)
    .toBe(count);
  return lines;
}

const verify = (body: Record<string, string>, headers: Record<string, string> = {}) =>
  fetch(`${store.server().url}/api/v1/licenses/verify`, {
    method: "POST",
    headers: { "Content-Type": "application/json", ...headers },
    body: JSON.stringify(body),
  });

describe("X-Request-Id", () => {
  it.each([
    ["the lean path (Verify)", () => verify({ key: "CP-NOPE" })],
    ["a Next.js route handler", () => fetch(`${store.server().url}/api/health`)],
    ["a Next.js page", () => fetch(`${store.server().url}/`)],
    ["a Next.js 404", () => fetch(`${store.server().url}/no-such-page`)],
  ])("is on every answer of %s, a new UUID each time", async (_label, send) => {
    const [first, second] = [await send(), await send()];
    expect(first.headers.get("x-request-id")).toMatch(UUID);
    expect(second.headers.get("x-request-id")).toMatch(UUID);
    expect(first.headers.get("x-request-id")).not.toBe(second.headers.get("x-request-id"));
  });

  it("keeps a load balancer's well-formed id on both paths, and replaces a malformed one", async () => {
    const incoming = "lb-2f9c1e7a.0042";
    expect((await verify({ key: "CP-NOPE" }, { "X-Request-Id": incoming })).headers.get("x-request-id")).toBe(incoming);
    expect((await fetch(`${store.server().url}/api/health`, { headers: { "X-Request-Id": incoming } })).headers.get("x-request-id")).toBe(incoming);
    for (const malformed of ["short", "has spaces in it", "x".repeat(65), "ann@example.com"]) {
      const lean = await verify({ key: "CP-NOPE" }, { "X-Request-Id": malformed });
      const page = await fetch(`${store.server().url}/api/health`, { headers: { "X-Request-Id": malformed } });
      expect(lean.headers.get("x-request-id")).toMatch(UUID);
      expect(page.headers.get("x-request-id")).toMatch(UUID);
    }
  });

  it("reaches Next.js route handlers: the server API's answers carry the same id", async () => {
    const apiKey = await createTestApiKey(store.db(), "read");
    const response = await fetch(`${store.server().url}/api/v1/licenses`, {
      headers: { Authorization: `Bearer ${apiKey}`, "X-Request-Id": "server-api-0001" },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("x-request-id")).toBe("server-api-0001");
  });
});

describe("request log", () => {
  it("writes one JSON line per request, with the route, status, time, request id and instance; never the key or the owner's address", async () => {
    const { license, customer } = await issueTestLicense(store.db());
    const response = await verify({ key: license.key, domain: uniqueDomain() });
    expect((await response.json()) as unknown).toMatchObject({ code: "VALID" });
    const [line] = await requestLines(response.headers.get("x-request-id") ?? "");
    expect(line).toMatchObject({ level: "info", component: "http", method: "POST", route: "/api/v1/licenses/verify", status: 200 });
    expect(typeof line?.ms).toBe("number");
    expect(typeof line?.instance).toBe("string");
    expect(typeof line?.time).toBe("string");
    expect(line?.aborted).toBeUndefined();
    const log = store.server().stdout();
    expect(log).not.toContain(license.key);
    expect(log).not.toContain(license.key.slice(3)); // the key's groups without the prefix
    expect(log).not.toContain(customer.email);
  });

  it("names lean routes by their pattern and masks the server API's key in its path", async () => {
    const { license } = await issueTestLicense(store.db());
    const apiKey = await createTestApiKey(store.db(), "read");
    const download = await fetch(`${store.server().url}/api/v1/downloads/not-a-real-token-but-secret-looking`);
    const update = await fetch(`${store.server().url}/api/v1/updates/no-such-product?license_key=${license.key}`);
    const serverApi = await fetch(`${store.server().url}/api/v1/licenses/${license.key}?x=1`, { headers: { Authorization: `Bearer ${apiKey}` } });
    expect(serverApi.status).toBe(200);
    const [downloadLine] = await requestLines(download.headers.get("x-request-id") ?? "");
    const [updateLine] = await requestLines(update.headers.get("x-request-id") ?? "");
    const [serverApiLine] = await requestLines(serverApi.headers.get("x-request-id") ?? "");
    expect(downloadLine).toMatchObject({ method: "GET", route: "/api/v1/downloads/{token}", status: download.status });
    expect(updateLine).toMatchObject({ method: "GET", route: "/api/v1/updates/{slug}", status: update.status });
    expect(serverApiLine).toMatchObject({ method: "GET", route: "/api/v1/licenses/{key}", status: 200 });
    const log = store.server().stdout();
    expect(log).not.toContain(license.key);
    expect(log).not.toContain("not-a-real-token-but-secret-looking");
    expect(log).not.toContain("license_key=");
  });

  it("logs a request the client abandoned before the answer", async () => {
    const { port } = new URL(store.server().url);
    const requestId = "abandoned-0001";
    await new Promise<void>((resolve, reject) => {
      const socket = connect(Number(port), "127.0.0.1", () => {
        // Promises a body it never sends, then hangs up.
        socket.write(
          `POST /api/v1/licenses/verify HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\nX-Request-Id: ${requestId}\r\n\r\n{"key":`,
          () => setTimeout(() => socket.destroy(), 100),
        );
      });
      socket.on("close", () => resolve()).on("error", reject);
    });
    const [line] = await requestLines(requestId);
    expect(line).toMatchObject({ route: "/api/v1/licenses/verify", aborted: true, status: null });
  });
});

describe("GET /metrics", () => {
  const scrape = (authorization?: string, path = "/metrics") =>
    fetch(store.server().url + path, { redirect: "manual", headers: authorization ? { Authorization: authorization } : {} });

  it("asks for the token: 401 JSON without it or with a wrong one", async () => {
    for (const authorization of [undefined, "Bearer wrong-token-0123456789abcdef", `Basic ${METRICS_TOKEN}`, `Bearer ${METRICS_TOKEN}x`]) {
      const response = await scrape(authorization);
      expect(response.status, authorization).toBe(401);
      expect(response.headers.get("www-authenticate")).toBe('Bearer realm="metrics"');
      expect(await response.json()).toMatchObject({ error: { code: "UNAUTHORIZED" } });
    }
  });

  it("serves only its exact path (Next.js redirects /metrics/ to it, and 404s other spellings)", async () => {
    expect((await scrape(`Bearer ${METRICS_TOKEN}`, "/metrics/")).status).toBe(308);
    for (const path of ["/%6detrics", "/metrics/x", "/Metrics"]) {
      expect((await scrape(`Bearer ${METRICS_TOKEN}`, path)).status, path).toBe(404);
    }
  });

  it("counts Verify outcomes by code and times the license API by route, in Prometheus's text format", async () => {
    const value = (text: string, series: string) => Number(text.split("\n").find((line) => line.startsWith(`${series} `))?.split(" ")[1] ?? 0);
    const before = await (await scrape(`Bearer ${METRICS_TOKEN}`)).text();
    const { license } = await issueTestLicense(store.db());
    const domain = uniqueDomain();
    for (let i = 0; i < 3; i++) expect((await verify({ key: license.key, domain })).status).toBe(200);
    for (let i = 0; i < 2; i++) expect((await verify({ key: "CP-NOT-A-KEY", domain })).status).toBe(200);
    expect((await verify({ key: license.key, domain: "not a domain" })).status).toBe(400);
    // A webhook answered by Next.js: counted in the same registry as the lean path's metrics.
    expect((await fetch(`${store.server().url}/api/webhooks/stripe`, { method: "POST", body: "{}" })).status).toBe(503);

    const response = await scrape(`Bearer ${METRICS_TOKEN}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8");
    const text = await response.text();
    const moved = (series: string) => value(text, series) - value(before, series);
    expect(moved('cpstore_verify_outcomes_total{code="VALID"}')).toBe(3);
    expect(moved('cpstore_verify_outcomes_total{code="NOT_FOUND"}')).toBe(2);
    expect(moved('cpstore_verify_outcomes_total{code="INVALID_DOMAIN"}')).toBe(1);
    expect(moved('cpstore_license_api_duration_seconds_count{route="verify",status="200"}')).toBe(5);
    expect(moved('cpstore_license_api_duration_seconds_count{route="verify",status="400"}')).toBe(1);
    expect(text).toMatch(/^cpstore_license_api_duration_seconds_bucket\{le="0\.005",route="verify",status="200"\} \d+$/m);
    expect(moved('cpstore_webhook_events_total{event_type="unknown",outcome="not_configured"}')).toBe(1);
    expect(text).toMatch(/^cpstore_email_outbox_messages\{status="pending"\} \d+$/m);
    expect(text).toContain("# TYPE cpstore_process_resident_memory_bytes gauge");
    expect(text).not.toContain(license.key);
  });
});

describe("without METRICS_TOKEN", () => {
  let database: TestDatabase | undefined;
  let server: StoreServer | undefined;
  beforeAll(async () => {
    database = await openTestDatabase("sqlite");
    server = await startStoreServer({ databaseUrl: database.url });
  });
  afterAll(async () => {
    await server?.stop();
    await database?.close();
  });

  it("/metrics is a 404, as if it did not exist, whatever the Authorization", async () => {
    for (const headers of [{}, { Authorization: `Bearer ${METRICS_TOKEN}` }] as Record<string, string>[]) {
      const response = await fetch(`${server?.url}/metrics`, { headers });
      expect(response.status).toBe(404);
      expect(response.headers.get("content-type")).toContain("text/html");
    }
  });
});
