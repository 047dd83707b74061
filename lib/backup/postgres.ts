// PostgreSQL backups with pg_dump's custom format, and restores with pg_restore fed through psql
// into ONE transaction that drops and recreates the `public` schema: a failed restore leaves the
// database exactly as it was, and a finished one holds nothing but the backup.
import { spawn } from "node:child_process";
import pg from "pg";
import { BackupError } from "./manifest";
import { describePostgres, findPgTool, libpqEnv, runPgTool, type FoundTool } from "./pg-tools";
import { MIGRATIONS_TABLE, STORE_DATA_TABLES, type DatabaseSnapshot } from "./snapshot";

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

async function connect(databaseUrl: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 10_000 });
  client.on("error", () => {}); // a dropped connection fails the pending query; it must not crash the command
  try {
    await client.connect();
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === "3D000") {
      const name = new URL(databaseUrl).pathname.slice(1);
      throw new BackupError(`${describePostgres(databaseUrl)} does not exist. Create it first (e.g. createdb ${name}), then run this again.`);
    }
    throw new BackupError(`Cannot connect to ${describePostgres(databaseUrl)}: ${(error as Error).message}`);
  }
  return client;
}

async function publicTables(client: pg.Client): Promise<string[]> {
  const { rows } = await client.query<{ name: string }>(
    "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name",
  );
  return rows.map((row) => row.name);
}

async function countRows(client: pg.Client, tables: readonly string[]): Promise<Record<string, number>> {
  const present = new Set(await publicTables(client));
  const counts: Record<string, number> = {};
  for (const table of tables) {
    if (!present.has(table)) continue;
    const { rows } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM public.${quote(table)}`);
    counts[table] = Number(rows[0]?.n ?? 0);
  }
  return counts;
}

async function readSnapshot(client: pg.Client): Promise<DatabaseSnapshot> {
  const tables = await publicTables(client);
  if (!tables.includes(MIGRATIONS_TABLE)) throw new BackupError("The database has no migrations table: it is not a CP Store database (or was never migrated).");
  const { rows } = await client.query<{ name: string }>(
    `SELECT migration_name AS name FROM public.${MIGRATIONS_TABLE} WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name`,
  );
  const counts = await countRows(client, tables.filter((table) => table !== MIGRATIONS_TABLE));
  const releaseFiles = tables.includes("Release")
    ? (await client.query<{ key: string }>(`SELECT "storageKey" AS key FROM public."Release"`)).rows.map((row) => row.key)
    : [];
  return { migrations: rows.map((row) => row.name), counts, releaseFiles };
}

/**
 * Dumps the database into `dest` with `pg_dump --format=custom`. The counts and migrations in the
 * manifest come from the same snapshot as the dump: this connection exports its snapshot and
 * pg_dump adopts it (`--snapshot`), so they describe exactly the rows the dump holds while the
 * store goes on writing.
 */
export async function dumpPostgres(databaseUrl: string, dest: string): Promise<DatabaseSnapshot & { tool: string }> {
  let pgDump = findPgTool("pg_dump");
  const client = await connect(databaseUrl);
  try {
    const { rows } = await client.query<{ v: string }>("SHOW server_version_num");
    const serverMajor = Math.floor(Number(rows[0]?.v) / 10000);
    pgDump = findPgTool("pg_dump", serverMajor); // pg_dump refuses servers newer than itself
    await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY");
    const exported = await client.query<{ id: string }>("SELECT pg_export_snapshot() AS id");
    const snapshot = await readSnapshot(client);
    const run = await runPgTool(pgDump, ["--format=custom", "--no-password", `--snapshot=${exported.rows[0]?.id}`, `--file=${dest}`], databaseUrl);
    if (run.code !== 0) throw new BackupError(`pg_dump failed (exit ${run.code}): ${run.stderr}`);
    await client.query("COMMIT");
    return { ...snapshot, tool: pgDump.version };
  } finally {
    await client.end();
  }
}

export type PostgresTargetState = {
  /** Rows of the store-data tables (empty when the database has no store tables). */
  counts: Record<string, number>;
  /** Other sessions connected to the database: a running store, psql, a dashboard. */
  otherSessions: number;
};

export async function postgresTargetState(databaseUrl: string): Promise<PostgresTargetState> {
  const client = await connect(databaseUrl);
  try {
    const counts = await countRows(client, STORE_DATA_TABLES);
    const { rows } = await client.query<{ n: string }>(
      "SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()",
    );
    return { counts, otherSessions: Number(rows[0]?.n ?? 0) };
  } finally {
    await client.end();
  }
}

/** pg_restore able to read a dump made by `dumpedBy` ("pg_dump (PostgreSQL) 15.20"), and psql. */
export function findRestoreTools(dumpedBy: string | undefined): { pgRestore: FoundTool; psql: FoundTool } {
  const dumpMajor = Number(/\)\s*(\d+)/.exec(dumpedBy ?? "")?.[1]) || undefined;
  return { pgRestore: findPgTool("pg_restore", dumpMajor), psql: findPgTool("psql") };
}

/** Reads the dump's table of contents: a damaged dump fails here, before anything is touched. */
export async function checkPostgresDump(pgRestore: FoundTool, dumpFile: string): Promise<void> {
  const run = await runPgTool(pgRestore, ["--list", dumpFile]);
  if (run.code !== 0) throw new BackupError(`The backup's database dump is damaged (pg_restore --list: ${run.stderr}).`);
}

/** A statement that aborts the transaction when a table's rows differ from the manifest. */
function countCheck(expected: Record<string, number>): string {
  const checks = Object.entries(expected).map(([table, rows]) => {
    const count = `(SELECT count(*) FROM public.${quote(table)})`;
    return `  IF ${count} <> ${rows} THEN RAISE EXCEPTION 'restored table ${table} has % rows; the manifest says ${rows}', ${count}; END IF;`;
  });
  return `DO $check$ BEGIN\n${checks.join("\n")}\nEND $check$;\n`;
}

/**
 * Replaces the `public` schema of the database with the dump's contents, in one transaction:
 * psql runs `BEGIN; DROP SCHEMA public CASCADE; CREATE SCHEMA public;`, then pg_restore's SQL
 * (without owners or grants, so the dump restores under whichever role DATABASE_URL names), then
 * a check of every table's rows against the manifest, then COMMIT. Any error stops psql before the
 * COMMIT and PostgreSQL rolls everything back.
 */
export async function replacePostgresDatabase(
  tools: { pgRestore: FoundTool; psql: FoundTool },
  databaseUrl: string,
  dumpFile: string,
  expected: Record<string, number>,
): Promise<void> {
  const env = { ...process.env, ...libpqEnv(databaseUrl) };
  const psql = spawn(tools.psql.path, ["-X", "-q", "--no-password", "-v", "ON_ERROR_STOP=1"], { env, stdio: ["pipe", "ignore", "pipe"] });
  const restore = spawn(tools.pgRestore.path, ["--no-owner", "--no-privileges", "--file=-", dumpFile], { stdio: ["ignore", "pipe", "pipe"] });
  let psqlErrors = "";
  let restoreErrors = "";
  psql.stderr.on("data", (chunk: Buffer) => (psqlErrors += chunk.toString()));
  restore.stderr.on("data", (chunk: Buffer) => (restoreErrors += chunk.toString()));
  psql.stdin.on("error", () => {}); // psql stopped at an error: its exit code tells
  const psqlDone = new Promise<number | null>((resolve, reject) => {
    psql.on("error", reject);
    psql.on("close", (code) => {
      restore.kill(); // psql gave up: nobody reads pg_restore's output any more
      resolve(code);
    });
  });
  const restoreDone = new Promise<number | null>((resolve, reject) => {
    restore.on("error", reject);
    restore.on("close", resolve);
  });
  // The new schema gets what `initdb` gives public (usage for every role), as the dump expects.
  psql.stdin.write(
    "BEGIN;\nDROP SCHEMA IF EXISTS public CASCADE;\nCREATE SCHEMA public;\n" +
      "GRANT USAGE ON SCHEMA public TO PUBLIC;\nCOMMENT ON SCHEMA public IS 'standard public schema';\n",
  );
  restore.stdout.pipe(psql.stdin, { end: false });

  const restoreCode = await restoreDone;
  // Only a whole dump is committed; anything less is rolled back.
  psql.stdin.end(restoreCode === 0 ? `${countCheck(expected)}COMMIT;\n` : "ROLLBACK;\n");
  const psqlCode = await psqlDone;
  if (psqlCode !== 0) throw new BackupError(`The restore was rolled back; nothing was changed. psql: ${psqlErrors.trim()}`);
  if (restoreCode !== 0) throw new BackupError(`pg_restore failed (exit ${restoreCode}); nothing was changed: ${restoreErrors.trim()}`);
}
