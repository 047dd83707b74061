// GET /metrics: Prometheus's text format for a scraper holding METRICS_TOKEN. Served here, before
// Next.js, and only when the token is set (server/main.ts hands /metrics to Next.js otherwise,
// which answers its 404 as for any absent page). Only this exact path: no other spelling of it.
import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { METRICS_CONTENT_TYPE, renderMetrics } from "../lib/observability/metrics";
import type { StoreResponse } from "./store-response";

export const METRICS_PATH = "/metrics";

const digest = (value: string) => createHash("sha256").update(value).digest();

/** Whether the request's Authorization is `Bearer <token>`; compared in constant time (digests of equal length). */
function authorized(header: string | undefined, token: string): boolean {
  const match = /^Bearer ([^\s]+)$/.exec(header ?? "");
  return match !== null && timingSafeEqual(digest(match[1] ?? ""), digest(token));
}

function sendJson(response: StoreResponse, status: number, code: string, message: string, headers: Record<string, string> = {}) {
  const body = JSON.stringify({ error: { code, message } });
  response.writeHead(status, {
    "Content-Type": "application/json; charset=utf-8",
    "Content-Length": Buffer.byteLength(body),
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "X-Request-Id": response.requestId,
    ...headers,
  });
  response.end(body);
}

export async function serveMetrics(request: IncomingMessage, response: StoreResponse, token: string): Promise<void> {
  if (request.method !== "GET" && request.method !== "HEAD") {
    return sendJson(response, 405, "METHOD_NOT_ALLOWED", "Use GET", { Allow: "GET, HEAD" });
  }
  if (!authorized(request.headers.authorization, token)) {
    return sendJson(response, 401, "UNAUTHORIZED", "Send the metrics token: Authorization: Bearer <METRICS_TOKEN>", {
      "WWW-Authenticate": 'Bearer realm="metrics"',
    });
  }
  const body = await renderMetrics();
  response.writeHead(200, {
    "Content-Type": METRICS_CONTENT_TYPE,
    "Content-Length": Buffer.byteLength(body),
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "X-Request-Id": response.requestId,
  });
  response.end(request.method === "HEAD" ? undefined : body);
}
