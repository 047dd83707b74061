import type { Db } from "../db";
import { recordAuditEvent } from "../licenses/audit";

export type RevokeApiKeyResult = "revoked" | "already_revoked" | "not_found";

/** Permanently disables a key; its next request is a 401. The conditional update writes once. */
export async function revokeApiKey(db: Db, input: { id: string; actor: string; now?: Date }): Promise<RevokeApiKeyResult> {
  const now = input.now ?? new Date();
  return db.$transaction(async (tx) => {
    const { count } = await tx.apiKey.updateMany({ where: { id: input.id, revokedAt: null }, data: { revokedAt: now } });
    if (count === 0) {
      const exists = await tx.apiKey.findUnique({ where: { id: input.id }, select: { id: true } });
      return exists ? "already_revoked" : "not_found";
    }
    await recordAuditEvent(tx, { actor: input.actor, action: "api_key.revoked", subject: `api_key:${input.id}` });
    return "revoked";
  });
}
