import type { DbClient } from "../db";

const LOCAL_FREE_KEY = "local_environments_free";
const CACHE_MS = 10_000;

let cache: { value: boolean; at: number } | undefined;

/**
 * Store setting, off by default: local and staging hosts (localhost, *.test, private IPs, …)
 * verify without taking a slot. Read through a 10-second cache so Verify does not query it on
 * every call; instances pick up a change within that time.
 */
export async function localEnvironmentsAreFree(db: DbClient, now = Date.now()): Promise<boolean> {
  if (cache && now - cache.at < CACHE_MS) return cache.value;
  const row = await db.setting.findUnique({ where: { key: LOCAL_FREE_KEY } });
  cache = { value: row?.value === "true", at: now };
  return cache.value;
}

export async function setLocalEnvironmentsFree(db: DbClient, enabled: boolean): Promise<void> {
  const value = String(enabled);
  await db.setting.upsert({ where: { key: LOCAL_FREE_KEY }, update: { value }, create: { key: LOCAL_FREE_KEY, value } });
  cache = undefined;
}
