// `npm run db:check [-- --root DIR] [-- --provider sqlite|postgresql]`: proves each provider's
// committed migrations folder reproduces its schema. For each provider it builds one scratch
// database with `prisma migrate deploy` and another from the schema alone, then compares their
// catalogs. (`migrate diff --from-migrations` would be the one-liner, but it is broken offline
// with driver adapters; see DESIGN.md.)
import Database from "better-sqlite3";
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import pg from "pg";
import type { DatabaseProvider } from "../../lib/db/url";
import { renderSchema } from "./generate.mjs";
import { runPrisma } from "./prisma-cli";

export const REPO_ROOT = path.resolve(import.meta.dirname, "../..");
const PROVIDERS: DatabaseProvider[] = ["sqlite", "postgresql"];

// ---- Scratch PostgreSQL databases (also used by new-migration and the integration tests) ----

/** The server scratch databases are created on; its own database is only used to connect. */
export function postgresServerUrl(): string {
  return process.env.TEST_POSTGRES_URL || "postgresql://postgres@127.0.0.1:5432/postgres";
}

/** In CI (or when asked) an unreachable PostgreSQL is a failure, never a silent skip. */
export function postgresRequired(): boolean {
  return ["true", "1"].includes(process.env.CI ?? "") || process.env.REQUIRE_POSTGRES === "1";
}

export async function withPostgres<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  client.on("error", () => {}); // a connection dropped by the server must not crash the process
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Why the server cannot be used, or null when it answers. */
export async function postgresUnavailableReason(serverUrl: string): Promise<string | null> {
  try {
    await withPostgres(serverUrl, (client) => client.query("SELECT 1"));
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

export function postgresDatabaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

export type ScratchPostgres = { name: string; url: string; drop(): Promise<void> };

/** Creates an empty database with a random name (optionally a copy of `template`). */
export async function createScratchPostgres(
  serverUrl: string,
  prefix: string,
  template?: string,
): Promise<ScratchPostgres> {
  const name = `${prefix}_${randomBytes(6).toString("hex")}`;
  const from = template ? ` TEMPLATE "${template}"` : "";
  await withPostgres(serverUrl, (client) => client.query(`CREATE DATABASE "${name}"${from}`));
  return {
    name,
    url: postgresDatabaseUrl(serverUrl, name),
    // FORCE ends connections a test or a crashed CLI may have left open.
    drop: () => withPostgres(serverUrl, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => {}),
  };
}

// ---- Catalogs: every table, column, index, constraint as "kind name" → its definition ----

export type Catalog = Map<string, string>;
const IGNORED_TABLE = "_prisma_migrations"; // migrate deploy's bookkeeping, absent from the schema

type SqliteColumn = { name: string; type: string; notnull: number; dflt_value: string | null; pk: number };
type SqliteIndex = { name: string; unique: number; origin: string; partial: number };
type SqliteForeignKey = { id: number; table: string; from: string; to: string; on_update: string; on_delete: string };

export function readSqliteCatalog(file: string): Catalog {
  const db = new Database(file, { readonly: true });
  const catalog: Catalog = new Map();
  try {
    const tables = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> ?")
      .pluck()
      .all(IGNORED_TABLE) as string[];
    for (const table of tables) {
      catalog.set(`table ${table}`, "exists");
      // Keyed by name, not position: a column added later lands last, and that is fine.
      for (const c of db.prepare("SELECT * FROM pragma_table_info(?)").all(table) as SqliteColumn[]) {
        const definition = [c.type, c.notnull ? "NOT NULL" : "NULL"];
        if (c.dflt_value !== null) definition.push(`DEFAULT ${c.dflt_value}`);
        if (c.pk) definition.push(`PRIMARY KEY #${c.pk}`);
        catalog.set(`column ${table}.${c.name}`, definition.join(" "));
      }
      for (const i of db.prepare("SELECT * FROM pragma_index_list(?)").all(table) as SqliteIndex[]) {
        const columns = db.prepare("SELECT name FROM pragma_index_info(?) ORDER BY seqno").pluck().all(i.name);
        const kind = `${i.unique ? "UNIQUE " : ""}${i.partial ? "PARTIAL " : ""}(origin ${i.origin})`;
        catalog.set(`index ${i.name}`, `${kind} ON ${table}(${columns.join(", ")})`);
      }
      const keys = db.prepare("SELECT * FROM pragma_foreign_key_list(?)").all(table) as SqliteForeignKey[];
      for (const id of new Set(keys.map((k) => k.id))) {
        const parts = keys.filter((k) => k.id === id);
        const from = `${table}(${parts.map((k) => k.from).join(", ")})`;
        const [first] = parts;
        const to = `${first?.table}(${parts.map((k) => k.to).join(", ")})`;
        catalog.set(`foreign key ${from}`, `REFERENCES ${to} ON DELETE ${first?.on_delete} ON UPDATE ${first?.on_update}`);
      }
    }
  } finally {
    db.close();
  }
  return catalog;
}

const POSTGRES_CATALOG_QUERIES = {
  table: `SELECT table_name AS name, table_type AS def FROM information_schema.tables
          WHERE table_schema = 'public' AND table_name <> $1`,
  column: `SELECT table_name || '.' || column_name AS name,
                  concat_ws(' ', udt_name, character_maximum_length, numeric_precision, datetime_precision,
                            CASE is_nullable WHEN 'YES' THEN 'NULL' ELSE 'NOT NULL' END,
                            'DEFAULT ' || column_default) AS def
           FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> $1`,
  index: `SELECT indexname AS name, indexdef AS def FROM pg_indexes
          WHERE schemaname = 'public' AND tablename <> $1`,
  constraint: `SELECT t.relname || '.' || c.conname AS name, pg_get_constraintdef(c.oid) AS def
               FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid
               JOIN pg_namespace n ON n.oid = t.relnamespace
               WHERE n.nspname = 'public' AND t.relname <> $1`,
};

export async function readPostgresCatalog(url: string): Promise<Catalog> {
  const catalog: Catalog = new Map();
  await withPostgres(url, async (client) => {
    for (const [kind, sql] of Object.entries(POSTGRES_CATALOG_QUERIES)) {
      const { rows } = await client.query<{ name: string; def: string }>(sql, [IGNORED_TABLE]);
      for (const row of rows) catalog.set(`${kind} ${row.name}`, row.def);
    }
  });
  return catalog;
}

// ---- The check ----

export type ProviderCheck = {
  provider: DatabaseProvider;
  /** Set when the provider was not checked (PostgreSQL unreachable and not required). */
  skipped?: string;
  differences: string[];
};

/**
 * Renders `root`'s schema for one provider into `dir` and writes a Prisma config next to it that
 * reuses the repo's driver adapters but points at that schema and at `migrationsDir`. This is how
 * the CLI works on a tree other than the repo (prisma.config.ts has repo-relative paths).
 */
export async function writeCliConfig(
  dir: string,
  provider: DatabaseProvider,
  source: string,
  migrationsDir: string,
) {
  mkdirSync(dir, { recursive: true });
  const schemaFile = path.join(dir, "schema.prisma");
  writeFileSync(schemaFile, renderSchema(source, provider));
  const configFile = path.join(dir, "prisma.config.ts");
  const base = JSON.stringify(path.join(REPO_ROOT, "prisma.config.ts"));
  writeFileSync(
    configFile,
    `import base from ${base};\n` +
      `export default { ...base, schema: ${JSON.stringify(schemaFile)}, ` +
      `migrations: { ...base.migrations, path: ${JSON.stringify(migrationsDir)} } };\n`,
  );
  return { schemaFile, configFile };
}

/** Lists how the two catalogs differ, one line per object, empty when they match. */
export function compareCatalogs(fromMigrations: Catalog, fromSchema: Catalog): string[] {
  const names = [...new Set([...fromMigrations.keys(), ...fromSchema.keys()])].sort();
  return names.flatMap((name) => {
    const migrated = fromMigrations.get(name);
    const wanted = fromSchema.get(name);
    if (migrated === wanted) return [];
    if (migrated === undefined) return [`${name}: in schema.prisma (${wanted}) but no migration creates it`];
    if (wanted === undefined) return [`${name}: created by the migrations (${migrated}) but not in schema.prisma`];
    return [`${name}: the migrations give ${migrated}, schema.prisma gives ${wanted}`];
  });
}

function diffFromEmpty(schemaFile: string, configFile: string, databaseUrl: string): string {
  const args = ["migrate", "diff", "--from-empty", "--to-schema-datamodel", schemaFile, "--script"];
  return runPrisma([...args, "--config", configFile], databaseUrl, { quiet: true });
}

async function checkSqlite(dir: string, cli: { schemaFile: string; configFile: string }) {
  const migrated = path.join(dir, "from-migrations.db");
  const fromSchema = path.join(dir, "from-schema.db");
  runPrisma(["migrate", "deploy", "--config", cli.configFile], `file:${migrated}`, { quiet: true });
  // The CLI's adapter opens (and creates) DATABASE_URL even for a pure diff: give it a throwaway.
  const script = diffFromEmpty(cli.schemaFile, cli.configFile, `file:${path.join(dir, "diff.db")}`);
  const db = new Database(fromSchema);
  try {
    db.exec(script);
  } finally {
    db.close();
  }
  return compareCatalogs(readSqliteCatalog(migrated), readSqliteCatalog(fromSchema));
}

async function checkPostgres(cli: { schemaFile: string; configFile: string }) {
  const migrated = await createScratchPostgres(postgresServerUrl(), "cp_store_check");
  const fromSchema = await createScratchPostgres(postgresServerUrl(), "cp_store_check");
  try {
    runPrisma(["migrate", "deploy", "--config", cli.configFile], migrated.url, { quiet: true });
    const script = diffFromEmpty(cli.schemaFile, cli.configFile, fromSchema.url);
    await withPostgres(fromSchema.url, (client) => client.query(script));
    return compareCatalogs(await readPostgresCatalog(migrated.url), await readPostgresCatalog(fromSchema.url));
  } finally {
    await migrated.drop();
    await fromSchema.drop();
  }
}

/**
 * Checks that `root`'s committed migrations reproduce its prisma/schema.prisma, per provider.
 * Throws when PostgreSQL is unreachable and required (CI=true or REQUIRE_POSTGRES=1).
 */
export async function checkMigrations(
  options: { root?: string; providers?: DatabaseProvider[] } = {},
): Promise<ProviderCheck[]> {
  const root = path.resolve(options.root ?? REPO_ROOT);
  const source = readFileSync(path.join(root, "prisma", "schema.prisma"), "utf8");
  const work = mkdtempSync(path.join(os.tmpdir(), "cp-store-db-check-"));
  const results: ProviderCheck[] = [];
  try {
    for (const provider of options.providers ?? PROVIDERS) {
      const dir = path.join(work, provider);
      const cli = await writeCliConfig(dir, provider, source, path.join(root, "prisma", provider, "migrations"));
      if (provider === "sqlite") {
        results.push({ provider, differences: await checkSqlite(dir, cli) });
        continue;
      }
      const unavailable = await postgresUnavailableReason(postgresServerUrl());
      if (unavailable && postgresRequired()) {
        throw new Error(`PostgreSQL is required (CI/REQUIRE_POSTGRES) but unreachable: ${unavailable}`);
      }
      if (unavailable) results.push({ provider, skipped: unavailable, differences: [] });
      else results.push({ provider, differences: await checkPostgres(cli) });
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return results;
}

function parseProviders(value: string | undefined): DatabaseProvider[] {
  if (value === undefined) return PROVIDERS;
  const provider = PROVIDERS.find((p) => p === value);
  if (!provider) throw new Error(`--provider must be one of ${PROVIDERS.join(", ")}; got "${value}"`);
  return [provider];
}

async function main() {
  const { values } = parseArgs({ options: { root: { type: "string" }, provider: { type: "string" } } });
  const results = await checkMigrations({ root: values.root, providers: parseProviders(values.provider) });
  let failed = false;
  for (const { provider, skipped, differences } of results) {
    if (skipped) {
      console.warn(`db:check: ${provider} SKIPPED, the server is unreachable (${skipped})`);
    } else if (differences.length === 0) {
      console.log(`db:check: ${provider} OK`);
    } else {
      failed = true;
      console.error(`db:check: ${provider} FAILED: its migrations do not reproduce the schema:`);
      for (const difference of differences) console.error(`  - ${difference}`);
    }
  }
  if (failed) console.error("Write the missing migration with: npm run db:new-migration -- --name <change>");
  process.exitCode = failed ? 1 : 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(`db:check: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  });
}
