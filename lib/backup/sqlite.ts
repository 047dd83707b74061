// SQLite backups through SQLite's online backup API (never a file copy: a copy taken while the
// store writes can catch the database file and its WAL at different moments), and restores that
// put a checked copy in place with one rename.
import Database from "better-sqlite3";
import { randomBytes } from "node:crypto";
import { copyFile, mkdir, open, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import { BackupError } from "./manifest";
import { MIGRATIONS_TABLE, STORE_DATA_TABLES, type DatabaseSnapshot } from "./snapshot";

/**
 * Pages copied per backup step. The default (100 pages per step, the event loop free between
 * steps) restarts the copy from the start whenever the store writes between two steps, which a
 * busy store does all the time. One step for everything takes one read snapshot: in WAL mode the
 * store's writers never wait for it.
 */
const ALL_PAGES = 0x7fffffff;

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

function tableNames(db: Database.Database): string[] {
  return db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all() as string[];
}

function countRows(db: Database.Database, tables: readonly string[]): Record<string, number> {
  const present = new Set(tableNames(db));
  const counts: Record<string, number> = {};
  for (const table of tables) {
    if (present.has(table)) counts[table] = Number(db.prepare(`SELECT count(*) FROM ${quote(table)}`).pluck().get());
  }
  return counts;
}

function readSnapshot(db: Database.Database): DatabaseSnapshot {
  const tables = tableNames(db);
  if (!tables.includes(MIGRATIONS_TABLE)) throw new BackupError("The database has no migrations table: it is not a CP Store database (or was never migrated).");
  const migrations = db
    .prepare(`SELECT migration_name FROM ${MIGRATIONS_TABLE} WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name`)
    .pluck()
    .all() as string[];
  const counts = countRows(db, tables.filter((table) => table !== MIGRATIONS_TABLE));
  const releaseFiles = tables.includes("Release") ? (db.prepare(`SELECT "storageKey" FROM "Release"`).pluck().all() as string[]) : [];
  return { migrations, counts, releaseFiles };
}

/** Copies the live database `file` into `dest` (a new file) and describes the copy. */
export async function copySqliteDatabase(file: string, dest: string): Promise<DatabaseSnapshot> {
  if (!(await stat(file).catch(() => null))?.isFile()) throw new BackupError(`No SQLite database at ${file} (check DATABASE_URL).`);
  const source = new Database(file, { readonly: true, fileMustExist: true, timeout: 5000 });
  try {
    await source.backup(dest, { progress: () => ALL_PAGES });
  } finally {
    source.close();
  }
  const copy = new Database(dest, { readonly: true, fileMustExist: true });
  try {
    return readSnapshot(copy);
  } finally {
    copy.close();
  }
}

/** Rows of the store-data tables in `file`, or null when there is no database there yet. */
export async function sqliteStoreRows(file: string): Promise<Record<string, number> | null> {
  if (!(await stat(file).catch(() => null))) return null;
  const db = new Database(file, { readonly: true, fileMustExist: true, timeout: 5000 });
  try {
    return countRows(db, STORE_DATA_TABLES);
  } finally {
    db.close();
  }
}

/**
 * Refuses when another process has `file` open. Leaving WAL mode needs the only connection to
 * the database, so SQLite itself answers "busy" while the store (or any other client) has it
 * open; when it succeeds, no WAL is left behind to be replayed onto the restored file.
 */
export async function assertSqliteNotInUse(file: string): Promise<void> {
  if (!(await stat(file).catch(() => null))) return;
  const db = new Database(file, { fileMustExist: true, timeout: 0 });
  try {
    db.pragma("journal_mode = DELETE");
  } catch (error) {
    if ((error as { code?: string }).code === "SQLITE_BUSY") {
      throw new BackupError(`The database ${file} is in use (is the store running?). Stop the store, then restore. Nothing was changed.`);
    }
    throw error;
  } finally {
    db.close();
  }
}

/**
 * Checks the archive's database copy before it replaces anything: SQLite's own integrity check,
 * then the rows of every table against the manifest's counts.
 */
export function checkSqliteCopy(file: string, expected: Record<string, number>): void {
  const db = new Database(file, { fileMustExist: true });
  try {
    const check = db.pragma("quick_check", { simple: true });
    if (check !== "ok") throw new BackupError(`The backup's database is damaged (SQLite quick_check: ${String(check)}).`);
    const counts = countRows(db, Object.keys(expected));
    for (const [table, rows] of Object.entries(expected)) {
      if (counts[table] !== rows) throw new BackupError(`The backup's database has ${counts[table] ?? "no"} rows in ${table}; its manifest says ${rows}.`);
    }
  } finally {
    db.close();
  }
}

/**
 * Puts `source` in place of `target` atomically: copied to a temp file beside the target, switched
 * to WAL (the store's journal mode), flushed, then renamed over it. Readers see the old database or
 * the new one, never a mix. Call assertSqliteNotInUse first.
 */
export async function replaceSqliteDatabase(source: string, target: string): Promise<void> {
  await mkdir(path.dirname(target), { recursive: true });
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.restore-${randomBytes(6).toString("hex")}.tmp`);
  try {
    await copyFile(source, temp);
    const db = new Database(temp, { fileMustExist: true });
    try {
      db.pragma("journal_mode = WAL");
    } finally {
      db.close();
    }
    const handle = await open(temp, "r+");
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    // A journal left beside the old file would be replayed onto the new one at its next open.
    for (const suffix of ["-wal", "-shm", "-journal"]) await rm(`${target}${suffix}`, { force: true });
    await rename(temp, target);
  } catch (error) {
    for (const suffix of ["", "-wal", "-shm"]) await rm(`${temp}${suffix}`, { force: true });
    throw error;
  }
}
