import type { DbClient } from "../db";
import { apiKeyScopeSchema, type ApiKeyScope } from "./schemas";
import { hashApiKeySecret, isApiKeySecret } from "./secret";

/** lastUsedAt is refreshed at most this often, so reads do not write on every call. */
export const LAST_USED_REFRESH_MS = 60_000;

export type ApiKeyPrincipal = { id: string; name: string; prefix: string; scope: ApiKeyScope };

export type AuthenticateResult =
  | { ok: true; apiKey: ApiKeyPrincipal }
  /** missing: no Authorization header; malformed: not `Bearer sk_…`; invalid: unknown or revoked. */
  | { ok: false; reason: "missing" | "malformed" | "invalid" };

/**
 * Who is calling, from an `Authorization: Bearer sk_…` header. A secret of the wrong shape is
 * refused without a database lookup; otherwise its hash is looked up in the unique index. Unknown
 * and revoked keys are indistinguishable to the caller. The secret itself is never logged.
 */
export async function authenticateApiKey(db: DbClient, authorization: string | null, now = new Date()): Promise<AuthenticateResult> {
  if (!authorization?.trim()) return { ok: false, reason: "missing" };
  const match = /^Bearer[ ]+(\S+)\s*$/i.exec(authorization.trim());
  const secret = match?.[1];
  if (!secret || !isApiKeySecret(secret)) return { ok: false, reason: "malformed" };

  const row = await db.apiKey.findUnique({
    where: { hash: hashApiKeySecret(secret) },
    select: { id: true, name: true, prefix: true, scope: true, revokedAt: true, lastUsedAt: true },
  });
  const scope = apiKeyScopeSchema.safeParse(row?.scope);
  if (!row || row.revokedAt || !scope.success) return { ok: false, reason: "invalid" };

  await touchApiKey(db, row.id, row.lastUsedAt, now);
  return { ok: true, apiKey: { id: row.id, name: row.name, prefix: row.prefix, scope: scope.data } };
}

/** The condition keeps a burst of concurrent requests to one write a minute. */
async function touchApiKey(db: DbClient, id: string, lastUsedAt: Date | null, now: Date) {
  const staleBefore = new Date(now.getTime() - LAST_USED_REFRESH_MS);
  if (lastUsedAt && lastUsedAt > staleBefore) return;
  await db.apiKey.updateMany({
    where: { id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lte: staleBefore } }] },
    data: { lastUsedAt: now },
  });
}
