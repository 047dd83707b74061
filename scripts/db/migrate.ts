// `npm run db:migrate`: applies the committed migrations of the database DATABASE_URL points at.
//
// Store-owner commands migrate a database that is new or behind, but must also run beside a live
// server: on SQLite, `prisma migrate deploy` cannot take its lock while another process has the
// file open, even idle (it fails after the busy timeout). So they migrate only when a committed
// migration is not applied yet; a server that is running applied them at its start.
import Database from "better-sqlite3";
import { mkdirSync, readdirSync } from "node:fs";
import path from "node:path";
import { createDb } from "../../lib/db";
import { parseDatabaseUrl, type DatabaseTarget } from "../../lib/db/url";
import { REPO_ROOT } from "../build-app";
import { runPrisma } from "./prisma-cli";

/**
 * Applies pending migrations; safe to run on every start. SQLite files are switched to WAL
 * journaling (a persistent setting) so readers never wait for the writer and a CLI command can
 * run beside the server.
 */
export function migrateDatabase(target: DatabaseTarget): void {
  if (target.provider === "sqlite") {
    mkdirSync(path.dirname(target.file), { recursive: true });
    const sqlite = new Database(target.file);
    sqlite.pragma("journal_mode = WAL");
    sqlite.close();
  }
  runPrisma(["migrate", "deploy"], target.url, { quiet: true });
}

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

if (import.meta.url === `file://${process.argv[1]}`) {
  const target = parseDatabaseUrl(process.env.DATABASE_URL);
  const pending = await pendingMigrations(target);
  if (pending.length > 0) migrateDatabase(target);
  console.log(pending.length > 0 ? `Migrations applied (${target.provider}): ${pending.join(", ")}.` : `Nothing to apply (${target.provider}).`);
}
