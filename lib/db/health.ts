import { databaseProvider, db, type DatabaseProvider } from "./index";

/** Whether the database answers a trivial query. Errors are logged, never returned to the caller. */
export async function checkDatabase(): Promise<{ ok: boolean; provider: DatabaseProvider }> {
  const provider = databaseProvider();
  try {
    await db.$queryRaw`SELECT 1`;
    return { ok: true, provider };
  } catch (error) {
    console.error("health: database check failed:", error instanceof Error ? error.message : error);
    return { ok: false, provider };
  }
}
