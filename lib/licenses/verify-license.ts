import { sqlFor, type Db } from "../db";
import { asDate } from "../db/sql";
import { getEnv } from "../env";
import { activateEnvironment, type ActivationRow } from "./activate-environment";
import { isLocalEnvironment, type Environment } from "./environment";
import { maskCanonicalLicenseKey, type LicenseKey } from "./key";
import type { VerifyRequest } from "./schemas";
import { deriveLicenseStatus, remainingActivations, type LicenseStatus } from "./status";
import { localEnvironmentsAreFree } from "./store-settings";
import { countVerification } from "./usage-stats";

/** Stable codes with the spec's words; every one is an HTTP 200 answer. */
export const VERIFY_MESSAGES = {
  NOT_FOUND: "Invalid license key",
  REVOKED: "License has been revoked",
  EXPIRED: "License has expired",
  PRODUCT_MISMATCH: "License key is not for this product",
  VALID: "License is valid",
  MAX_ACTIVATIONS_EXCEEDED: "Max activations exceeded",
} as const;
export type VerifyCode = keyof typeof VERIFY_MESSAGES;

/** The public answer. It names the key (masked), product and limits: never the customer or order. */
export type VerifyResponseBody = {
  valid: boolean;
  code: VerifyCode;
  message: string;
  license: {
    key: string;
    status: LicenseStatus;
    product: { slug: string; name: string };
    expires_at: string | null;
  } | null;
  activations: { used: number; max: number; remaining: number | null } | null;
  environment: { value: string; kind: Environment["kind"]; activated: boolean; local: boolean };
  manage_url?: string;
  renew_url?: string;
  server_time: string;
  nonce: string | null;
};

export type VerifyContext = {
  environment: Environment;
  rawValue: string;
  clientIp: string | null;
  userAgent: string | null;
  now?: Date;
};

/**
 * Decides a Verify call. First match wins: NOT_FOUND (bad format or check character, answered
 * without a database lookup; or no such key), REVOKED, EXPIRED, PRODUCT_MISMATCH, then VALID for
 * a known environment or one that got a free slot, else MAX_ACTIVATIONS_EXCEEDED.
 */
/**
 * What Verify is asked. `key` is the caller's key already through normalizeLicenseKey (the HTTP
 * pipeline needs it for the per-key rate limit first): null, not a key, answers NOT_FOUND.
 */
export type VerifyInput = Partial<Pick<VerifyRequest, "product" | "nonce">> & {
  key: LicenseKey | null;
  /** Match `product` by slug only, never by id (the update check names its product by slug in the URL). */
  productBySlugOnly?: boolean;
};

export async function verifyLicense(db: Db, request: VerifyInput, context: VerifyContext): Promise<VerifyResponseBody> {
  const now = context.now ?? new Date();
  countVerification(db, now);
  const base: AnswerBase = {
    environment: { value: context.environment.value, kind: context.environment.kind, activated: false, local: false },
    server_time: now.toISOString(),
    nonce: request.nonce ?? null,
  };

  const key = request.key;
  if (!key) return answer("NOT_FOUND", base);
  const license = await findLicenseForVerify(db, key, context.environment.value);
  if (!license) return answer("NOT_FOUND", base);

  const status = deriveLicenseStatus(license, now);
  if (status === "revoked") return answer("REVOKED", base, describe(license, key, status, license.activationsUsed));
  if (status === "expired") {
    return answer("EXPIRED", base, { ...describe(license, key, status, license.activationsUsed), renew_url: licensePageUrl(license.id) });
  }
  if (request.product && request.product !== license.productSlug && (request.productBySlugOnly || request.product !== license.productId)) {
    return answer("PRODUCT_MISMATCH", base, describe(license, key, status, license.activationsUsed));
  }

  const local = isLocalEnvironment(context.environment) && (await localEnvironmentsAreFree(db));
  const result = await activateEnvironment(
    db,
    license,
    { environment: context.environment, rawValue: context.rawValue, ip: context.clientIp, userAgent: context.userAgent, local, now },
    license.activation,
  );
  if (result.outcome === "full") {
    return answer("MAX_ACTIVATIONS_EXCEEDED", base, {
      ...describe(license, key, status, result.activationsUsed),
      manage_url: licensePageUrl(license.id),
    });
  }
  return answer("VALID", base, {
    ...describe(license, key, status, result.activationsUsed),
    environment: { ...base.environment, activated: result.outcome === "activated", local: result.local },
  });
}

/** The key's page in Account → Licenses: where its owner frees a slot (manage_url) or renews it (renew_url). */
export const licensePageUrl = (licenseId: string): string => `${getEnv().publicUrl}/account/licenses/${licenseId}`;

// Module-level rather than closures in verifyLicense: the hot path creates no functions per call.
type AnswerBase = Pick<VerifyResponseBody, "environment" | "server_time" | "nonce">;

function answer(code: VerifyCode, base: AnswerBase, rest: Partial<VerifyResponseBody> = {}): VerifyResponseBody {
  return { valid: code === "VALID", code, message: VERIFY_MESSAGES[code], license: null, activations: null, ...base, ...rest };
}

/** What an answer says about a found key: masked key, status, product and limits. */
function describe(license: VerifyLicenseRow, key: LicenseKey, status: LicenseStatus, activationsUsed: number) {
  return {
    license: {
      key: maskCanonicalLicenseKey(key),
      status,
      product: { slug: license.productSlug, name: license.productName },
      expires_at: license.expiresAt?.toISOString() ?? null,
    },
    activations: {
      used: activationsUsed,
      max: license.maxActivations,
      remaining: remainingActivations({ maxActivations: license.maxActivations, activationsUsed }),
    },
  };
}

type VerifyLicenseRow = {
  /** This environment's row on the key's allow-list, fetched in the same statement. */
  activation: ActivationRow | null;
  id: string;
  productName: string;
  maxActivations: number;
  activationsUsed: number;
  expiresAt: Date | null;
  revokedAt: Date | null;
  productId: string;
  productSlug: string;
};

/**
 * One prepared statement for the whole read side of Verify: the key, what Verify answers about it,
 * its product's slug, and this environment's activation row if there is one.
 */
async function findLicenseForVerify(db: Db, key: string, environment: string): Promise<VerifyLicenseRow | null> {
  const row = await sqlFor(db).one<Record<string, unknown>>(
    `SELECT l."id", l."productName", l."maxActivations", l."activationsUsed", l."expiresAt", l."revokedAt",
            p."id" AS "productId", p."slug" AS "productSlug",
            a."id" AS "activationId", a."deactivatedAt", a."lastSeenAt", a."local"
     FROM "License" l
     JOIN "Product" p ON p."id" = l."productId"
     LEFT JOIN "Activation" a ON a."licenseId" = l."id" AND a."environment" = ?
     WHERE l."key" = ?`,
    [environment, key],
  );
  if (!row) return null;
  return {
    activation: row.activationId
      ? { id: String(row.activationId), deactivatedAt: row.deactivatedAt, lastSeenAt: row.lastSeenAt, local: row.local }
      : null,
    id: String(row.id),
    productName: String(row.productName),
    maxActivations: Number(row.maxActivations),
    activationsUsed: Number(row.activationsUsed),
    expiresAt: asDate(row.expiresAt),
    revokedAt: asDate(row.revokedAt),
    productId: String(row.productId),
    productSlug: String(row.productSlug),
  };
}
