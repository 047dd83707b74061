// Store-owner commands migrate a database that is new or behind, but must also run beside a live
// server: on SQLite, `prisma migrate deploy` cannot take its lock while another process has the
// file open, even idle (it waits for the busy timeout, then fails). So migrate only when a
// committed migration is not applied yet; a server that is running applied them at its start.
import { readdirSync } from "node:fs";
import path from "node:path";
import { createDb } from "../../lib/db";
import type { DatabaseTarget } from "../../lib/db/url";
import { REPO_ROOT } from "./check";
import { migrateDatabase } from "./migrate";

/** Names of the committed migrations of `target`'s provider that the database has not applied. */
export async function pendingMigrations(target: DatabaseTarget): Promise<string[]> {
  const committed = readdirSync(path.join(REPO_ROOT, "prisma", target.provider, "migrations"), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name);
  const db = createDb(target);
  try {
    const rows = await db.$queryRawUnsafe<{ migration_name: string }[]>(
      "SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL",
    );
    const applied = new Set(rows.map((row) => row.migration_name));
    return committed.filter((name) => !applied.has(name));
  } catch {
    return committed; // no migrations table yet: a new database
  } finally {
    await db.$disconnect();
  }
}

/** Applies the committed migrations when some are pending; otherwise leaves the database alone. */
export async function migrateIfPending(target: DatabaseTarget): Promise<void> {
  if ((await pendingMigrations(target)).length > 0) migrateDatabase(target);
}
