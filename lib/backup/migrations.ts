// The migrations this version of CP Store ships, to tell whether a backup came from a newer one.
import { readdirSync } from "node:fs";
import path from "node:path";
import type { DatabaseProvider } from "../db/url";

const REPO_ROOT = path.resolve(import.meta.dirname, "../..");

/** Names of the committed migrations of `provider`, oldest first. */
export function committedMigrations(provider: DatabaseProvider): string[] {
  return readdirSync(path.join(REPO_ROOT, "prisma", provider, "migrations"), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

/** Migrations the backup's database had that this version does not know: it came from a newer store. */
export function unknownMigrations(applied: string[], provider: DatabaseProvider): string[] {
  const known = new Set(committedMigrations(provider));
  return applied.filter((name) => !known.has(name));
}
