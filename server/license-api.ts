// The lean path for /api/v1/licenses/*: installed products call Verify thousands of times an hour,
// so these requests skip Next.js's page machinery and go straight to the same framework-free
// endpoints the Next.js route handlers use (lib/licenses/http). One implementation of the rules.
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { handleDeactivate, handleSigningKey, handleVerify } from "../lib/licenses/http/endpoints";
import { MAX_BODY_BYTES, type LicenseApiRequest, type LicenseApiResponse } from "../lib/licenses/http/request";

type Route = { method: string; handle: (request: LicenseApiRequest) => Promise<LicenseApiResponse> };

const ROUTES: Record<string, Route> = {
  "/api/v1/licenses/verify": { method: "POST", handle: handleVerify },
  "/api/v1/licenses/deactivate": { method: "POST", handle: handleDeactivate },
  "/api/v1/licenses/signing-key": { method: "GET", handle: () => handleSigningKey() },
};

/**
 * Keeps at most MAX_BODY_BYTES + 1 bytes: never more in memory, and always enough for the
 * endpoint to see the body is too large and refuse it whole (never a truncated prefix).
 */
function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      const room = MAX_BODY_BYTES + 1 - size;
      if (room <= 0) return;
      const kept = chunk.subarray(0, room);
      chunks.push(kept);
      size += kept.length;
    });
    request.on("end", () => resolve((chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks)).toString("utf8")));
    request.on("error", reject);
  });
}

function send(response: ServerResponse, result: LicenseApiResponse) {
  result.headers["Content-Length"] = String(Buffer.byteLength(result.body)); // each response's own object
  response.writeHead(result.status, result.headers);
  response.end(result.body);
}

/** Serves the request when it is a license endpoint; returns false to hand it to Next.js. */
export async function serveLicenseApi(request: IncomingMessage, response: ServerResponse): Promise<boolean> {
  const path = (request.url ?? "").split("?")[0] ?? "";
  const route = ROUTES[path];
  if (!route) return false;
  if (request.method !== route.method) {
    send(response, {
      status: 405,
      headers: { "Content-Type": "application/json; charset=utf-8", Allow: route.method },
      body: JSON.stringify({ error: { code: "METHOD_NOT_ALLOWED", message: `Use ${route.method}` } }),
    });
    return true;
  }
  try {
    const result = await route.handle({
      contentType: request.headers["content-type"] ?? null,
      body: route.method === "POST" ? await readBody(request) : "",
      socketAddress: request.socket.remoteAddress ?? null,
      forwardedFor: [request.headers["x-forwarded-for"] ?? []].flat().join(",") || null,
      userAgent: request.headers["user-agent"] ?? null,
    });
    send(response, result);
  } catch (error) {
    // Logged once with a reference the client also gets, never with the body (it carries the key).
    const reference = randomUUID().slice(0, 8);
    console.error(`license api: ${path} failed [ref ${reference}]:`, error instanceof Error ? error.stack : error);
    send(response, {
      status: 500,
      headers: { "Content-Type": "application/json; charset=utf-8" },
      body: JSON.stringify({ error: { code: "INTERNAL_ERROR", message: `Something went wrong; try again (reference ${reference})` } }),
    });
  }
  return true;
}
