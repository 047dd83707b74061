// The lean path for the public endpoints installed products call: Verify thousands of times an
// hour, update checks as often, downloads. These requests skip Next.js and go straight to the
// framework-free endpoints in lib/licenses/http. This is the only way to reach them: Next.js has no
// copy of these routes, and another spelling of their paths (`/licenses/./verify`,
// `/licenses/%76erify`, `/updates/%70lugin`) is a 404 here rather than a second door with its own
// rate-limit budget and body handling.
import type { IncomingMessage } from "node:http";
import { pipeline } from "node:stream/promises";
import { databaseUnavailableBody, databaseUnavailableHeaders, isDatabaseUnavailable, logDatabaseUnavailable } from "../lib/db/unavailable";
import { declaredLength } from "../lib/http/read-body";
import type { RequestPath } from "../lib/http/request-path";
import { handleDownload } from "../lib/licenses/http/download-endpoint";
import { handleDeactivate, handleSigningKey, handleVerify } from "../lib/licenses/http/endpoints";
import { MAX_BODY_BYTES, type LicenseApiRequest, type LicenseApiResponse } from "../lib/licenses/http/request";
import { handleUpdateCheck } from "../lib/licenses/http/update-endpoint";
import { logger } from "../lib/observability/logger";
import type { LicenseApiRoute } from "../lib/observability/metrics";
import type { StoreResponse } from "./store-response";

type Route = {
  method: string;
  handle: (request: LicenseApiRequest) => Promise<LicenseApiResponse>;
  /** Its name in the latency histogram. */
  metric: LicenseApiRoute;
  /** Its name in the log: the path, or its pattern for a prefix route (never the token). */
  pattern: string;
};

/**
 * The longest a lean endpoint takes to decide its answer; past it the client gets a 503
 * UNAVAILABLE. The pools' timeouts (lib/db/sql.ts: 1 s to connect, a statement after 1.5 s on
 * Verify's path, 5 s through Prisma) each bound one wait; this bounds their sum, so a database
 * that is frozen, starting up or stuck behind a lock is answered within 2 s on every endpoint. The
 * work is not cancelled: a late result is dropped (a file it opened is closed), and Verify,
 * deactivate and update checks are safe to send again.
 */
const ANSWER_DEADLINE_MS = 1800;

class AnswerDeadlinePassed extends Error {
  override name = "AnswerDeadlinePassed";
}

function withinDeadline(work: Promise<LicenseApiResponse>): Promise<LicenseApiResponse> {
  let timer: NodeJS.Timeout | undefined;
  let passed = false;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      passed = true;
      reject(new AnswerDeadlinePassed(`no answer within ${ANSWER_DEADLINE_MS} ms`));
    }, ANSWER_DEADLINE_MS);
  });
  work.then(
    (late) => {
      if (passed && typeof late.body !== "string") late.body.stream.destroy();
    },
    () => {}, // a failure after the deadline was answered already (the 503)
  );
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

/**
 * The lean endpoints, by path: the only way to reach them. A path ending in `{param}` takes exactly
 * one more segment (the product slug, the download token), handed to the endpoint as `segment`.
 */
export const LEAN_ROUTES: Readonly<Record<string, Route>> = {
  "/api/v1/licenses/verify": { method: "POST", handle: handleVerify, metric: "verify", pattern: "/api/v1/licenses/verify" },
  "/api/v1/licenses/deactivate": { method: "POST", handle: handleDeactivate, metric: "deactivate", pattern: "/api/v1/licenses/deactivate" },
  "/api/v1/licenses/signing-key": { method: "GET", handle: () => handleSigningKey(), metric: "signing-key", pattern: "/api/v1/licenses/signing-key" },
  "/api/v1/updates/{slug}": { method: "GET", handle: handleUpdateCheck, metric: "update-check", pattern: "/api/v1/updates/{slug}" },
  "/api/v1/downloads/{token}": { method: "GET", handle: handleDownload, metric: "download", pattern: "/api/v1/downloads/{token}" },
};

let log: ReturnType<typeof logger.child> | undefined;
const apiLog = () => (log ??= logger.child({ component: "license-api" }));

const EXACT_ROUTES: Readonly<Record<string, Route>> = Object.fromEntries(Object.entries(LEAN_ROUTES).filter(([path]) => !path.endsWith("}")));
const PREFIX_ROUTES: readonly (readonly [prefix: string, route: Route])[] = Object.entries(LEAN_ROUTES)
  .filter(([path]) => path.endsWith("}"))
  .map(([path, route]) => [path.slice(0, path.lastIndexOf("/") + 1), route] as const);

/** The prefix route `path` names, with its segment: one non-empty segment after the prefix. */
function matchPrefix(path: string): { route: Route; segment: string } | null {
  for (const [prefix, route] of PREFIX_ROUTES) {
    if (!path.startsWith(prefix)) continue;
    const segment = path.slice(prefix.length);
    return segment !== "" && !segment.includes("/") ? { route, segment } : null;
  }
  return null;
}

/**
 * The body, or null as soon as it is known to be longer than MAX_BODY_BYTES: from Content-Length
 * before reading, or at the first chunk past the limit. Reading stops there (server/main.ts drops
 * the rest once the 413 is sent).
 */
function readBody(request: IncomingMessage): Promise<string | null> {
  if ((declaredLength(request.headers["content-length"]) ?? 0) > MAX_BODY_BYTES) return Promise.resolve(null);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) return void chunks.push(chunk);
      request.off("data", onData).off("end", onEnd).pause();
      resolve(null);
    };
    const onEnd = () => resolve((chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks)).toString("utf8"));
    request.on("data", onData).on("end", onEnd).on("error", reject);
  });
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}): LicenseApiResponse => ({
  status,
  headers: { "Content-Type": "application/json; charset=utf-8", ...headers },
  body: JSON.stringify(body),
});

function send(response: StoreResponse, result: LicenseApiResponse) {
  const { body } = result;
  result.headers["X-Request-Id"] = response.requestId;
  if (typeof body === "string") {
    result.headers["Content-Length"] = String(Buffer.byteLength(body)); // each response's own object
    response.writeHead(result.status, result.headers);
    response.end(body);
    return;
  }
  result.headers["Content-Length"] = String(body.size);
  response.writeHead(result.status, result.headers);
  // pipe() reads only as fast as the client takes it. A client that goes away, or storage failing
  // mid-file, destroys both ends (the client sees a short body against Content-Length).
  pipeline(body.stream, response).catch((error: unknown) => {
    const code = (error as { code?: unknown } | null)?.code;
    if (code === "ERR_STREAM_PREMATURE_CLOSE" || code === "ECONNRESET" || code === "EPIPE") return;
    apiLog().error({ err: error, requestId: response.requestId, route: response.route }, "streaming a file failed");
  });
}

/** The query string of a request target, without its `?`. */
const queryOf = (url: string | undefined) => {
  const at = url ? url.indexOf("?") : -1;
  return url && at >= 0 ? url.slice(at + 1) : "";
};

/** Serves the request when it is a lean endpoint; returns false to hand it to Next.js. */
export async function serveLicenseApi(request: IncomingMessage, response: StoreResponse, path: RequestPath): Promise<boolean> {
  let route = EXACT_ROUTES[path.raw];
  let segment = "";
  if (!route) {
    // A raw path that needs resolving is never served as it is: only its canonical spelling is.
    const prefixed = path.raw === path.canonical ? matchPrefix(path.raw) : null;
    if (!prefixed) {
      const other = EXACT_ROUTES[path.canonical] ?? matchPrefix(path.canonical)?.route;
      if (!other) return false;
      response.route = other.pattern;
      send(response, json(404, { error: { code: "NOT_FOUND", message: `Not found; this endpoint is ${path.canonical}` } }));
      return true;
    }
    ({ route, segment } = prefixed);
  }
  response.route = route.pattern;
  response.apiRoute = route.metric;
  if (request.method !== route.method) {
    send(response, json(405, { error: { code: "METHOD_NOT_ALLOWED", message: `Use ${route.method}` } }, { Allow: route.method }));
    return true;
  }
  try {
    const body = route.method === "POST" ? await readBody(request) : "";
    const result = await withinDeadline(route.handle({
      contentType: request.headers["content-type"] ?? null,
      body,
      socketAddress: request.socket.remoteAddress ?? null,
      forwardedFor: [request.headers["x-forwarded-for"] ?? []].flat().join(",") || null,
      userAgent: request.headers["user-agent"] ?? null,
      query: route.method === "GET" ? queryOf(request.url) : "",
      segment,
    }));
    send(response, result);
  } catch (error) {
    // The database stopped, unreachable or too slow to answer in time: a clean 503 with
    // Retry-After within 2 s, never a 500 or a hang.
    if (error instanceof AnswerDeadlinePassed || isDatabaseUnavailable(error)) {
      logDatabaseUnavailable(apiLog(), error);
      send(response, json(503, databaseUnavailableBody(), databaseUnavailableHeaders()));
      return true;
    }
    // Logged once with the request id the client also gets, never with the body or a query (they
    // carry the key) or a download token (the route is the pattern).
    const reference = response.requestId;
    apiLog().error({ err: error, requestId: reference, route: route.pattern }, "request failed");
    send(response, json(500, { error: { code: "INTERNAL_ERROR", message: `Something went wrong; try again (reference ${reference})` } }));
  }
  return true;
}
