// The public license endpoints, independent of any web framework: parse, rate-limit, decide,
// sign. Served by the lean node:http handler (server/license-api.ts); the update check
// (update-endpoint.ts) runs through the same pipeline.
import type { ZodType } from "zod";
import { db } from "../../db";
import { getEnv } from "../../env";
import { ApiError, badRequest } from "../../http/api-error";
import { createRateLimiter, type RateLimitDecision, type RateLimiter } from "../../http/rate-limit";
import { recordVerifyOutcome } from "../../observability/metrics";
import { deactivateActivation, PUBLIC_API_ACTOR } from "../deactivate-activation";
import { clientIpFromRequest, normalizeDomain, type Environment } from "../environment";
import { normalizeLicenseKey, type LicenseKey } from "../key";
import { deactivateRequestSchema, verifyRequestSchema } from "../schemas";
import {
  getPublishedSigningKeys,
  getSigningKey,
  publishedKeysMaxAgeSeconds,
  signBodyOffThread,
  SIGNATURE_HEADER,
  SIGNATURE_KEY_ID_HEADER,
  type SigningKey,
} from "../signing";
import { verifyLicense } from "../verify-license";
import { parseRequestBody, type LicenseApiRequest, type LicenseApiResponse } from "./request";

let limiters: { ip: RateLimiter; key: RateLimiter } | undefined;
/** The per-IP and per-key budgets every signed public endpoint spends from (Verify, deactivate, update checks). */
export function rateLimiters() {
  const env = getEnv();
  limiters ??= {
    ip: createRateLimiter("license-api-ip", env.VERIFY_RATE_LIMIT_PER_IP, 60),
    key: createRateLimiter("license-api-key", env.VERIFY_RATE_LIMIT_PER_KEY, 60),
  };
  return limiters;
}

function rateLimitHeaders(decision: RateLimitDecision): Record<string, string> {
  return {
    "RateLimit-Limit": String(decision.limit),
    "RateLimit-Remaining": String(decision.remaining),
    "RateLimit-Reset": String(decision.resetSeconds),
  };
}

/** Serialises and signs: the signature covers exactly the bytes sent. */
async function signedJson(key: SigningKey, status: number, payload: unknown, headers: Record<string, string>): Promise<LicenseApiResponse> {
  const body = JSON.stringify(payload);
  return {
    status,
    body,
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Cache-Control": "no-store",
      [SIGNATURE_HEADER]: await signBodyOffThread(key, body),
      [SIGNATURE_KEY_ID_HEADER]: key.keyId,
      ...headers,
    },
  };
}

export function parseWith<T>(schema: ZodType<T>, fields: Record<string, unknown>): T {
  const parsed = schema.safeParse(fields);
  if (!parsed.success) throw badRequest("INVALID_REQUEST", parsed.error.issues[0]?.message ?? "Invalid request");
  return parsed.data;
}

/** `domain` when given (never falling back to the IP when it is invalid), else the client IP. */
export function resolveEnvironment(domain: string | undefined, clientIp: string | null): { environment: Environment; rawValue: string } {
  if (domain !== undefined) {
    const result = normalizeDomain(domain);
    if (!result.ok) throw badRequest(result.code, result.message);
    return { environment: result.environment, rawValue: domain };
  }
  if (!clientIp) throw badRequest("NO_ENVIRONMENT", "Send a domain: the client address could not be determined");
  return { environment: { kind: "ip", value: clientIp }, rawValue: clientIp };
}

export type EndpointContext = {
  clientIp: string | null;
  userAgent: string | null;
  /** The request's key through normalizeLicenseKey once, for the limit and the handler. */
  licenseKey: LicenseKey | null;
  /** A prefix route's last path segment (the product slug of an update check). */
  segment: string;
};

/** `code`: the decided outcome, for an endpoint that counts its outcomes. */
type Handler = (fields: Record<string, unknown>, context: EndpointContext) => Promise<{ status: number; payload: unknown; code?: string }>;

/** Where an endpoint's fields come from (the body, or the query string for GET) and which one is the key. */
export type EndpointInput = {
  readFields: (request: LicenseApiRequest) => Record<string, unknown>;
  keyOf: (fields: Record<string, unknown>) => unknown;
};

const BODY_INPUT: EndpointInput = { readFields: parseRequestBody, keyOf: (fields) => fields.key };

/**
 * Shared pipeline: per-IP limit, parsing, per-key limit, handler, error mapping, signing.
 * `countOutcome` sees every answer's code: the handler's decided one, or the refusal's.
 */
export function endpoint(handler: Handler, input: EndpointInput = BODY_INPUT, countOutcome?: (code: string) => void) {
  return async (request: LicenseApiRequest): Promise<LicenseApiResponse> => {
    const clientIp = clientIpFromRequest({
      socketAddress: request.socketAddress,
      forwardedFor: request.forwardedFor,
      trustProxy: getEnv().TRUST_PROXY_HOPS,
    })?.value ?? null;
    const { ip, key } = rateLimiters();
    let decision = await ip.consume(clientIp ?? "unknown");
    // Loaded before any change is made: an answer that cannot be signed must not take a slot.
    const signingKey = await getSigningKey(db);
    try {
      if (!decision.allowed) throw tooManyRequests(decision);
      const fields = input.readFields(request);
      const rawKey = input.keyOf(fields);
      const licenseKey = typeof rawKey === "string" ? normalizeLicenseKey(rawKey) : null;
      if (licenseKey) {
        const byKey = await key.consume(licenseKey);
        if (!byKey.allowed || byKey.remaining < decision.remaining) decision = byKey;
        if (!byKey.allowed) throw tooManyRequests(byKey);
      }
      const result = await handler(fields, { clientIp, userAgent: request.userAgent, licenseKey, segment: request.segment });
      if (countOutcome && result.code) countOutcome(result.code);
      return await signedJson(signingKey, result.status, result.payload, rateLimitHeaders(decision));
    } catch (caught) {
      const error = isBusy(caught) ? new ApiError(503, "BUSY", "The license server is busy; retry in a moment") : caught;
      if (!(error instanceof ApiError)) throw error;
      countOutcome?.(error.code);
      const retry: Record<string, string> =
        error.status === 429 ? { "Retry-After": String(decision.resetSeconds) } : error.status === 503 ? { "Retry-After": "1" } : {};
      return signedJson(signingKey, error.status, error.toBody(), { ...rateLimitHeaders(decision), ...retry });
    }
  };
}

/** Lock waits that ran out (SQLite busy, PostgreSQL pool or lock timeouts): retryable, not a 500. */
function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : "";
  return code === "SQLITE_BUSY" || code === "55P03" || /timeout exceeded when trying to connect/i.test(message);
}

const tooManyRequests = (decision: RateLimitDecision) =>
  new ApiError(429, "RATE_LIMITED", `Too many requests. Retry in ${decision.resetSeconds} seconds.`);

/** POST /api/v1/licenses/verify */
export const handleVerify = endpoint(async (fields, { clientIp, userAgent, licenseKey }) => {
  const input = parseWith(verifyRequestSchema, fields);
  const { environment, rawValue } = resolveEnvironment(input.domain, clientIp);
  const body = await verifyLicense(db, { key: licenseKey, product: input.product, nonce: input.nonce }, { environment, rawValue, clientIp, userAgent });
  return { status: 200, payload: body, code: body.code };
}, BODY_INPUT, recordVerifyOutcome);

export const DEACTIVATE_MESSAGES = {
  DEACTIVATED: "Activation removed; the slot is free",
  NOT_ACTIVATED: "This environment is not activated for this license",
  NOT_FOUND: "Invalid license key",
  REVOKED: "License has been revoked",
} as const;

/**
 * POST /api/v1/licenses/deactivate: the installed product frees its own environment's slot. The
 * first that applies wins, as in Verify: NOT_FOUND, REVOKED (a revoked key's activations are
 * frozen), NOT_ACTIVATED, DEACTIVATED. deactivateActivation re-checks the revocation atomically.
 */
export const handleDeactivate = endpoint(async (fields, { clientIp, licenseKey }) => {
  const input = parseWith(deactivateRequestSchema, fields);
  const { environment } = resolveEnvironment(input.domain, clientIp);
  const answer = (code: keyof typeof DEACTIVATE_MESSAGES) => ({
    status: 200,
    payload: { success: code === "DEACTIVATED", code, message: DEACTIVATE_MESSAGES[code], environment },
  });
  const license = licenseKey ? await db.license.findUnique({ where: { key: licenseKey }, select: { id: true, revokedAt: true } }) : null;
  if (!license) return answer("NOT_FOUND");
  if (license.revokedAt) return answer("REVOKED");
  const activation = await db.activation.findUnique({
    where: { licenseId_environment: { licenseId: license.id, environment: environment.value } },
    select: { id: true },
  });
  if (!activation) return answer("NOT_ACTIVATED");
  const result = await deactivateActivation(db, { activationId: activation.id, actor: PUBLIC_API_ACTOR, details: { ip: clientIp } });
  return answer(result.outcome === "deactivated" ? "DEACTIVATED" : result.outcome === "revoked" ? "REVOKED" : "NOT_ACTIVATED");
});

/**
 * GET /api/v1/licenses/signing-key: the public key that verifies every answer's signature (the
 * top-level fields, as before key rotation), and every key published now in `keys`: a scheduled
 * next one and previous ones until their `published_until`. Pick the key by X-CP-Signature-Key-Id.
 */
export async function handleSigningKey(): Promise<LicenseApiResponse> {
  const { signing, keys } = await getPublishedSigningKeys(db);
  const body = JSON.stringify({
    algorithm: "Ed25519",
    key_id: signing.keyId,
    public_key: signing.publicKeyBase64,
    public_key_pem: signing.publicKeyPem,
    signature_header: SIGNATURE_HEADER,
    key_id_header: SIGNATURE_KEY_ID_HEADER,
    keys: keys.map((key) => ({
      key_id: key.keyId,
      public_key: key.publicKey,
      public_key_pem: key.publicKeyPem,
      current: key.current,
      signs_from: key.signsFrom?.toISOString() ?? null,
      published_until: key.publishedUntil?.toISOString() ?? null,
    })),
  });
  const maxAge = publishedKeysMaxAgeSeconds();
  return { status: 200, body, headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": `public, max-age=${maxAge}` } };
}
