// The lean path for the public license endpoints: installed products call Verify thousands of times
// an hour, so these requests skip Next.js and go straight to the framework-free endpoints in
// lib/licenses/http. This is the only way to reach them: Next.js has no copy of these routes, and
// another spelling of their paths (`/licenses/./verify`, `/licenses/%76erify`) is a 404 here rather
// than a second door with its own rate-limit budget and body handling.
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { declaredLength } from "../lib/http/read-body";
import type { RequestPath } from "../lib/http/request-path";
import { handleDeactivate, handleSigningKey, handleVerify } from "../lib/licenses/http/endpoints";
import { MAX_BODY_BYTES, type LicenseApiRequest, type LicenseApiResponse } from "../lib/licenses/http/request";

type Route = { method: string; handle: (request: LicenseApiRequest) => Promise<LicenseApiResponse> };

/** The lean endpoints, by path: the only way to reach them. */
export const LEAN_ROUTES: Readonly<Record<string, Route>> = {
  "/api/v1/licenses/verify": { method: "POST", handle: handleVerify },
  "/api/v1/licenses/deactivate": { method: "POST", handle: handleDeactivate },
  "/api/v1/licenses/signing-key": { method: "GET", handle: () => handleSigningKey() },
};

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

function send(response: ServerResponse, result: LicenseApiResponse) {
  result.headers["Content-Length"] = String(Buffer.byteLength(result.body)); // each response's own object
  response.writeHead(result.status, result.headers);
  response.end(result.body);
}

/** Serves the request when it is a license endpoint; returns false to hand it to Next.js. */
export async function serveLicenseApi(request: IncomingMessage, response: ServerResponse, path: RequestPath): Promise<boolean> {
  const route = LEAN_ROUTES[path.raw];
  if (!route) {
    if (!LEAN_ROUTES[path.canonical]) return false;
    send(response, json(404, { error: { code: "NOT_FOUND", message: `Not found; this endpoint is ${path.canonical}` } }));
    return true;
  }
  if (request.method !== route.method) {
    send(response, json(405, { error: { code: "METHOD_NOT_ALLOWED", message: `Use ${route.method}` } }, { Allow: route.method }));
    return true;
  }
  try {
    const body = route.method === "POST" ? await readBody(request) : "";
    const result = await route.handle({
      contentType: request.headers["content-type"] ?? null,
      body,
      socketAddress: request.socket.remoteAddress ?? null,
      forwardedFor: [request.headers["x-forwarded-for"] ?? []].flat().join(",") || null,
      userAgent: request.headers["user-agent"] ?? null,
    });
    send(response, result);
  } catch (error) {
    // Logged once with a reference the client also gets, never with the body (it carries the key).
    const reference = randomUUID().slice(0, 8);
    console.error(`license api: ${path.raw} failed [ref ${reference}]:`, error instanceof Error ? error.stack : error);
    send(response, json(500, { error: { code: "INTERNAL_ERROR", message: `Something went wrong; try again (reference ${reference})` } }));
  }
  return true;
}
