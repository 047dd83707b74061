import type { DbClient } from "../db";

/** Every key for Admin, newest first, without the hash. */
export function listApiKeys(db: DbClient) {
  return db.apiKey.findMany({
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: { id: true, name: true, prefix: true, scope: true, createdAt: true, lastUsedAt: true, revokedAt: true },
  });
}
export type ApiKeyListItem = Awaited<ReturnType<typeof listApiKeys>>[number];
