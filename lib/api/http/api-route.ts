// The server API's route wrapper. Every route handler declares the scope it needs; this checks
// the API key (401), the scope (403) and the key's rate limit (429) before the handler runs, and
// turns every outcome into JSON with `{ error: { code, message } }` on failure. Unexpected errors
// are logged once with a request id (no secrets, no full license keys) and answered as a 500.
import { randomUUID } from "node:crypto";
import { authenticateApiKey, type ApiKeyPrincipal } from "../../api-keys/authenticate-api-key";
import { scopeAllows, type ApiKeyScope } from "../../api-keys/schemas";
import { db, type Db } from "../../db";
import { databaseUnavailableBody, databaseUnavailableHeaders, isDatabaseUnavailable, logDatabaseUnavailable } from "../../db/unavailable";
import { ApiError } from "../../http/api-error";
import { createRateLimiter, type RateLimitDecision } from "../../http/rate-limit";
import { maskCanonicalLicenseKey, normalizeLicenseKey } from "../../licenses/key";
import { logger } from "../../observability/logger";
import { REQUEST_ID_HEADER } from "../../observability/request-id";
import { apiError } from "../errors";

/** Requests per API key per minute (shared through Redis when REDIS_URL is set). */
export const SERVER_API_RATE_LIMIT_PER_MINUTE = 600;
const limiter = createRateLimiter("server-api-key", SERVER_API_RATE_LIMIT_PER_MINUTE, 60);

const UNAUTHORIZED_MESSAGES = {
  missing: "Send your API key: Authorization: Bearer sk_…",
  malformed: "The Authorization header must be: Bearer sk_…",
  invalid: "Invalid API key",
} as const;

export type ApiRouteContext<Params> = {
  request: Request;
  params: Params;
  apiKey: ApiKeyPrincipal;
  /** What audit entries name as the actor: `api:<key prefix>`. */
  actor: string;
  db: Db;
};
export type ApiResult = { status: number; body: unknown };

function json(status: number, body: unknown, headers: Record<string, string>): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store", ...headers },
  });
}

function rateLimitHeaders(decision: RateLimitDecision): Record<string, string> {
  const headers: Record<string, string> = {
    "RateLimit-Limit": String(decision.limit),
    "RateLimit-Remaining": String(decision.remaining),
    "RateLimit-Reset": String(decision.resetSeconds),
  };
  if (!decision.allowed) headers["Retry-After"] = String(decision.resetSeconds);
  return headers;
}

/** The path with any license key masked: keys are credentials of a kind and stay out of logs. */
function loggablePath(request: Request): string {
  const decode = (segment: string) => {
    try {
      return decodeURIComponent(segment);
    } catch {
      return segment;
    }
  };
  return new URL(request.url).pathname
    .split("/")
    .map((segment) => {
      const key = normalizeLicenseKey(decode(segment));
      return key ? maskCanonicalLicenseKey(key) : segment;
    })
    .join("/");
}

export function apiRoute<Params = Record<string, never>>(
  scope: ApiKeyScope,
  handler: (context: ApiRouteContext<Params>) => Promise<ApiResult>,
) {
  return async (request: Request, context: { params: Promise<Params> }): Promise<Response> => {
    // server/main.ts gives every request its id (kept from a load balancer or made there).
    const requestId = request.headers.get(REQUEST_ID_HEADER) ?? randomUUID();
    let headers: Record<string, string> = { "X-Request-Id": requestId };
    try {
      const auth = await authenticateApiKey(db, request.headers.get("authorization"));
      if (!auth.ok) {
        headers["WWW-Authenticate"] = 'Bearer realm="cp-store"';
        throw apiError("UNAUTHORIZED", UNAUTHORIZED_MESSAGES[auth.reason]);
      }
      if (!scopeAllows(auth.apiKey.scope, scope)) {
        throw apiError("FORBIDDEN", "This API key is read-only: this request needs a write key");
      }
      const decision = await limiter.consume(auth.apiKey.id);
      headers = { ...headers, ...rateLimitHeaders(decision) };
      if (!decision.allowed) {
        throw apiError("RATE_LIMITED", `Too many requests for this API key. Retry in ${decision.resetSeconds} seconds.`);
      }
      const params = await context.params;
      const result = await handler({ request, params, apiKey: auth.apiKey, actor: `api:${auth.apiKey.prefix}`, db });
      return json(result.status, result.body, headers);
    } catch (error) {
      if (error instanceof ApiError) return json(error.status, error.toBody(), headers);
      if (isDatabaseUnavailable(error)) {
        logDatabaseUnavailable(logger.child({ component: "server-api" }), error);
        return json(503, databaseUnavailableBody(), { ...headers, ...databaseUnavailableHeaders() });
      }
      logger.child({ component: "server-api" }).error({ err: error, method: request.method, path: loggablePath(request), requestId }, "request failed");
      const body = { error: { code: "INTERNAL_ERROR", message: `Something went wrong; quote request id ${requestId}` } };
      return json(500, body, headers);
    }
  };
}
