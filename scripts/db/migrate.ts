// `npm run db:migrate`: applies the committed migrations of the database DATABASE_URL points at.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { parseDatabaseUrl, type DatabaseTarget } from "../../lib/db/url";
import { runPrisma } from "./prisma-cli";

/** Applies pending migrations; creates the SQLite file's folder first. Safe to run every start. */
export function migrateDatabase(target: DatabaseTarget): void {
  if (target.provider === "sqlite") mkdirSync(path.dirname(target.file), { recursive: true });
  runPrisma(["migrate", "deploy"], target.url, { quiet: true });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const target = parseDatabaseUrl(process.env.DATABASE_URL);
  migrateDatabase(target);
  console.log(`Migrations applied (${target.provider}).`);
}
