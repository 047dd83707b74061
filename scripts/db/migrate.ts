// `npm run db:migrate`: applies the committed migrations of the database DATABASE_URL points at.
import Database from "better-sqlite3";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { parseDatabaseUrl, type DatabaseTarget } from "../../lib/db/url";
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

if (import.meta.url === `file://${process.argv[1]}`) {
  const target = parseDatabaseUrl(process.env.DATABASE_URL);
  migrateDatabase(target);
  console.log(`Migrations applied (${target.provider}).`);
}
