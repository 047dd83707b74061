// Restoring a backup: everything is checked before anything is changed (the archive, its
// manifest, every checksum, the engine, the migrations, the target being empty or --force, the
// target not in use), then the files are put back and the database is replaced in one step.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { DatabaseTarget } from "../db/url";
import { extractArchive, sha256OfFile } from "./archive";
import { BackupError, MANIFEST_ENTRY, parseManifest, type BackupManifest } from "./manifest";
import { unknownMigrations } from "./migrations";
import { describePostgres } from "./pg-tools";
import { checkPostgresDump, findRestoreTools, postgresTargetState, replacePostgresDatabase } from "./postgres";
import { describeCounts, hasStoreData, STORE_DATA_WORDS } from "./snapshot";
import { assertSqliteNotInUse, checkSqliteCopy, replaceSqliteDatabase, sqliteStoreRows } from "./sqlite";
import { openStorage, type StorageConfig } from "./storage-config";
import { checkExtractedFiles, restoreFiles } from "./storage-files";

export type RestoreSummary = {
  manifest: BackupManifest;
  /** The target held store data that the restore replaced (--force). */
  replacedData: boolean;
  filesRestored: number;
  fileBytes: number;
};

const ENGINE_NAMES = { sqlite: "SQLite", postgresql: "PostgreSQL" } as const;

function describeTarget(database: DatabaseTarget): string {
  return database.provider === "sqlite" ? database.file : describePostgres(database.url);
}

async function readManifest(dir: string): Promise<BackupManifest> {
  const text = await readFile(path.join(dir, MANIFEST_ENTRY), "utf8").catch(() => null);
  if (text === null) throw new BackupError("Not a CP Store backup: it has no manifest.json.");
  return parseManifest(text);
}

function checkCompatible(manifest: BackupManifest, database: DatabaseTarget): void {
  if (manifest.provider !== database.provider) {
    throw new BackupError(
      `This backup holds a ${ENGINE_NAMES[manifest.provider]} database; DATABASE_URL points at ${ENGINE_NAMES[database.provider]}. ` +
        "A backup restores into the engine it was taken from.",
    );
  }
  const unknown = unknownMigrations(manifest.migrations, database.provider);
  if (unknown.length > 0) {
    throw new BackupError(
      `This backup comes from a newer CP Store (migrations this version does not have: ${unknown.join(", ")}). ` +
        `Update CP Store to ${manifest.app.version} or later, then restore.`,
    );
  }
}

async function checkDatabaseEntry(dir: string, manifest: BackupManifest): Promise<string> {
  const file = path.join(dir, manifest.database.entry);
  const sha = await sha256OfFile(file).catch(() => null);
  if (sha === null) throw new BackupError(`The backup is incomplete: its database (${manifest.database.entry}) is missing.`);
  if (sha !== manifest.database.sha256) throw new BackupError(`The backup is damaged: its database (${manifest.database.entry}) does not match its checksum.`);
  return file;
}

/** Refuses a target that holds store data unless `force`; refuses one in use. Changes nothing. */
async function checkTarget(database: DatabaseTarget, force: boolean): Promise<boolean> {
  const postgres = database.provider === "postgresql" ? await postgresTargetState(database.url) : undefined;
  const counts = database.provider === "sqlite" ? await sqliteStoreRows(database.file) : (postgres?.counts ?? null);
  const hasData = counts !== null && hasStoreData(counts);
  if (hasData && !force) {
    throw new BackupError(
      `${describeTarget(database)} is not empty (${describeCounts(counts, STORE_DATA_WORDS)}). ` +
        "Restoring replaces everything in it: run again with --force to do that. Nothing was changed.",
    );
  }
  if (postgres) {
    if (postgres.otherSessions > 0) {
      throw new BackupError(
        `${describeTarget(database)} has ${postgres.otherSessions} other connection(s) (is the store running?). Stop the store, then restore. Nothing was changed.`,
      );
    }
  } else if (database.provider === "sqlite") {
    await assertSqliteNotInUse(database.file);
  }
  return hasData;
}

/**
 * Restores `archive` into `database` and `storage`. The caller applies any migrations newer than
 * the backup afterwards (scripts/db/restore.ts).
 */
export async function restoreBackup(options: { archive: string; database: DatabaseTarget; storage: StorageConfig; force: boolean }): Promise<RestoreSummary> {
  const workDir = await mkdtemp(path.join(os.tmpdir(), "cp-store-restore-"));
  try {
    await extractArchive(options.archive, workDir);
    const manifest = await readManifest(workDir);
    checkCompatible(manifest, options.database);
    const databaseFile = await checkDatabaseEntry(workDir, manifest);
    const files = manifest.storage.kind === "local" ? manifest.storage.files : [];
    await checkExtractedFiles(workDir, files);

    const { database } = options;
    const tools = database.provider === "postgresql" ? findRestoreTools(manifest.database.tool) : undefined;
    if (tools) await checkPostgresDump(tools.pgRestore, databaseFile);
    else checkSqliteCopy(databaseFile, manifest.counts);
    const replacedData = await checkTarget(database, options.force);

    // Files first: should the database step fail, the old database is untouched and the extra
    // files are the backup's own (keys never collide across releases).
    const fileBytes = await restoreFiles(openStorage(options.storage), workDir, files);
    if (tools && database.provider === "postgresql") await replacePostgresDatabase(tools, database.url, databaseFile, manifest.counts);
    else if (database.provider === "sqlite") await replaceSqliteDatabase(databaseFile, database.file);
    return { manifest, replacedData, filesRestored: files.length, fileBytes };
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}
