// One backup file of the whole store, safe to take while it runs: the database first (one
// consistent snapshot), then the local storage files. Release files never change once stored, so
// every file the snapshot names is still there to copy; files added after it are harmless extras.
import { mkdtemp, rm, stat, symlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { DatabaseTarget } from "../db/url";
import { checkArchiveDestination, sha256OfFile, writeArchive } from "./archive";
import { BACKUP_FORMAT, BACKUP_FORMAT_VERSION, DATABASE_ENTRY, FILES_DIR, MANIFEST_ENTRY, type BackupManifest } from "./manifest";
import { dumpPostgres } from "./postgres";
import { copySqliteDatabase } from "./sqlite";
import type { DatabaseSnapshot } from "./snapshot";
import { listLocalFiles } from "./storage-files";
import type { StorageConfig } from "./storage-config";

export type BackupSummary = {
  out: string;
  /** Size of the archive. */
  bytes: number;
  manifest: BackupManifest;
  /** Paths in the storage directory that are not store files (left out). */
  skipped: string[];
  /** Release files the database names that the storage directory lacks. */
  missingReleaseFiles: string[];
};

export const S3_NOTE =
  "Release files and product images live in the S3 bucket and are not in this backup: keep the bucket's own versioning or replication on.";

/** Writes a backup of `database` and (local) storage to `out`, a file that must not exist yet. */
export async function createBackup(options: { database: DatabaseTarget; storage: StorageConfig; out: string; appVersion: string }): Promise<BackupSummary> {
  await checkArchiveDestination(options.out); // before a dump that may take minutes
  const workDir = await mkdtemp(path.join(os.tmpdir(), "cp-store-backup-"));
  try {
    const { provider } = options.database;
    const databaseEntry = DATABASE_ENTRY[provider];
    const databaseFile = path.join(workDir, databaseEntry);
    let snapshot: DatabaseSnapshot;
    let tool: string | undefined;
    if (options.database.provider === "sqlite") snapshot = await copySqliteDatabase(options.database.file, databaseFile);
    else ({ tool, ...snapshot } = await dumpPostgres(options.database.url, databaseFile));

    let storage: BackupManifest["storage"];
    let skipped: string[] = [];
    let missingReleaseFiles: string[] = [];
    if (options.storage.kind === "local") {
      const local = await listLocalFiles(options.storage.dir);
      storage = { kind: "local", included: true, files: local.files };
      skipped = local.skipped;
      const stored = new Set(local.files.map((file) => file.key));
      missingReleaseFiles = snapshot.releaseFiles.filter((key) => !stored.has(key));
      // The archive's files/ is the storage directory itself: nothing is copied twice.
      if (local.files.length > 0) await symlink(options.storage.dir, path.join(workDir, FILES_DIR), "dir");
    } else {
      storage = { kind: "s3", included: false, bucket: options.storage.bucket, note: S3_NOTE };
    }

    const manifest: BackupManifest = {
      format: BACKUP_FORMAT,
      formatVersion: BACKUP_FORMAT_VERSION,
      createdAt: new Date().toISOString(),
      app: { name: "cp-store", version: options.appVersion },
      provider,
      migrations: snapshot.migrations,
      counts: snapshot.counts,
      database: { entry: databaseEntry, bytes: (await stat(databaseFile)).size, sha256: await sha256OfFile(databaseFile), ...(tool ? { tool } : {}) },
      storage,
    };
    await writeFile(path.join(workDir, MANIFEST_ENTRY), `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
    const files = storage.kind === "local" ? storage.files.map((file) => `${FILES_DIR}/${file.key}`) : [];
    const bytes = await writeArchive(options.out, workDir, [MANIFEST_ENTRY, databaseEntry, ...files]);
    return { out: options.out, bytes, manifest, skipped, missingReleaseFiles };
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}
