// `npm run db:new-migration -- --name add_x [--root DIR]`: after an edit to prisma/schema.prisma,
// writes one new migration per provider (SQLite and PostgreSQL stay in lockstep).
// `prisma migrate dev` does not work with driver adapters, so the SQL comes from diffing the
// schema as of the latest migration (the committed prisma/migrations-snapshot.prisma) against
// the current one; the snapshot is then moved forward.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import type { DatabaseProvider } from "../../lib/db/url";
import { REPO_ROOT, postgresServerUrl, postgresUnavailableReason } from "./check";
import { renderSchema } from "./generate.mjs";
import { runPrisma } from "./prisma-cli";

const PROVIDERS: DatabaseProvider[] = ["sqlite", "postgresql"];
const SNAPSHOT_HEADER =
  "// The prisma/schema.prisma of the latest migration, kept by `npm run db:new-migration`.\n" +
  "// Do not edit: new migrations are the difference between this file and schema.prisma.\n";

export class NoSchemaChangeError extends Error {}

export type NewMigration = { folder: string; files: string[]; snapshot: string };

export function snapshotPath(root: string): string {
  return path.join(root, "prisma", "migrations-snapshot.prisma");
}

/** `add X` → `add_x`: the folder name Prisma and humans both read. */
function migrationSlug(name: string): string {
  const slug = name.trim().toLowerCase().replace(/[^a-z0-9]+/g, "_").replace(/^_+|_+$/g, "");
  if (!slug) throw new Error('Give the migration a name: npm run db:new-migration -- --name add_x');
  return slug;
}

function stamp(date: Date): string {
  return date.toISOString().replace(/\D/g, "").slice(0, 14); // YYYYMMDDHHMMSS, UTC
}

/** Now, or one second after the newest existing migration: folders must sort in apply order. */
function nextTimestamp(root: string, now: Date): string {
  const existing = PROVIDERS.flatMap((provider) => {
    const dir = path.join(root, "prisma", provider, "migrations");
    return existsSync(dir) ? readdirSync(dir).filter((name) => /^\d{14}_/.test(name)) : [];
  });
  const latest = existing.map((name) => name.slice(0, 14)).sort().at(-1);
  if (!latest || stamp(now) > latest) return stamp(now);
  const part = (from: number, to: number) => Number(latest.slice(from, to));
  return stamp(new Date(Date.UTC(part(0, 4), part(4, 6) - 1, part(6, 8), part(8, 10), part(10, 12), part(12, 14) + 1)));
}

/** True when Prisma's script holds no statement (only comments, e.g. "This is an empty migration."). */
function isEmptyScript(sql: string): boolean {
  return sql
    .replace(/\/\*[\s\S]*?\*\//g, "")
    .split("\n")
    .every((line) => line.trim() === "" || line.trim().startsWith("--"));
}

/**
 * Writes `<timestamp>_<name>/migration.sql` for both providers, taking the snapshot schema to the
 * current prisma/schema.prisma, and updates the snapshot. Writes nothing unless both diffs
 * succeed; throws NoSchemaChangeError when the database would not change.
 */
export async function createMigration(options: { name: string; root?: string; now?: Date }): Promise<NewMigration> {
  const root = path.resolve(options.root ?? REPO_ROOT);
  const slug = migrationSlug(options.name);
  const source = readFileSync(path.join(root, "prisma", "schema.prisma"), "utf8");
  const snapshot = snapshotPath(root);
  if (!existsSync(snapshot)) throw new Error(`${snapshot} is missing: it must hold the schema of the latest migration`);
  const previous = readFileSync(snapshot, "utf8").replace(SNAPSHOT_HEADER, "");
  if (previous === source) throw new NoSchemaChangeError("prisma/schema.prisma has not changed since the last migration");

  // Prisma's diff connects through the PostgreSQL adapter even between two schema files.
  const serverUrl = postgresServerUrl();
  const unavailable = await postgresUnavailableReason(serverUrl);
  if (unavailable) {
    throw new Error(
      `The PostgreSQL migration needs a reachable server for Prisma's diff (TEST_POSTGRES_URL, default ` +
        `postgresql://postgres@127.0.0.1:5432/postgres): ${unavailable}. Nothing was written.`,
    );
  }

  const work = mkdtempSync(path.join(os.tmpdir(), "cp-store-new-migration-"));
  const scripts = new Map<DatabaseProvider, string>();
  try {
    for (const provider of PROVIDERS) {
      const from = path.join(work, `${provider}-from.prisma`);
      const to = path.join(work, `${provider}-to.prisma`);
      writeFileSync(from, renderSchema(previous, provider));
      writeFileSync(to, renderSchema(source, provider));
      const url = provider === "sqlite" ? `file:${path.join(work, "diff.db")}` : serverUrl;
      const args = ["migrate", "diff", "--from-schema-datamodel", from, "--to-schema-datamodel", to, "--script"];
      scripts.set(provider, runPrisma(args, url, { quiet: true }));
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  if ([...scripts.values()].every(isEmptyScript)) {
    throw new NoSchemaChangeError("prisma/schema.prisma changed, but not in a way that changes the database");
  }

  const folder = `${nextTimestamp(root, options.now ?? new Date())}_${slug}`;
  const files = [...scripts].map(([provider, sql]) => {
    const dir = path.join(root, "prisma", provider, "migrations", folder);
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, "migration.sql"), sql);
    return path.join(dir, "migration.sql");
  });
  writeFileSync(snapshot, SNAPSHOT_HEADER + source);
  return { folder, files, snapshot };
}

async function main() {
  const { values } = parseArgs({ options: { name: { type: "string" }, root: { type: "string" } } });
  try {
    const created = await createMigration({ name: values.name ?? "", root: values.root });
    const shown = (file: string) => path.relative(process.cwd(), file);
    for (const file of created.files) console.log(`Wrote ${shown(file)}`);
    console.log(`Updated ${shown(created.snapshot)}`);
    console.log("Next: read the SQL, then run npm run db:generate and npm run db:check, and commit all of it.");
  } catch (error) {
    console.error(`db:new-migration: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) void main();
