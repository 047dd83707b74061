// `npm run db:restore -- FILE [--force]`: puts a db:backup archive back into the database
// DATABASE_URL names and the storage the environment names, then applies any migrations newer
// than the backup. Stop the store first. Refuses a target holding store data without --force.
import path from "node:path";
import { parseArgs } from "node:util";
import { BackupError } from "../../lib/backup/manifest";
import { describePostgres } from "../../lib/backup/pg-tools";
import { restoreBackup } from "../../lib/backup/restore-backup";
import { describeCounts } from "../../lib/backup/snapshot";
import { describeStorage, storageConfigFrom } from "../../lib/backup/storage-config";
import { EnvError, getEnv } from "../../lib/env";
import { formatBytes } from "../../lib/releases/display";
import { migrateDatabase, pendingMigrations } from "./migrate";

const USAGE = "Usage: npm run db:restore -- FILE [--force]   (stop the store first; --force replaces a database that holds data)";

function fail(...lines: string[]): never {
  for (const line of lines) console.error(line);
  process.exit(1);
}

let archive: string | undefined;
let force = false;
try {
  const { values, positionals } = parseArgs({ options: { force: { type: "boolean" } }, allowPositionals: true });
  if (positionals.length !== 1) throw new Error(positionals.length === 0 ? "FILE is required" : "give one FILE");
  archive = positionals[0];
  force = values.force ?? false;
} catch (error) {
  fail(USAGE, `  ${error instanceof Error ? error.message : String(error)}`);
}
if (!archive) fail(USAGE);

try {
  const env = getEnv();
  const { database } = env;
  const storage = storageConfigFrom(env);
  const summary = await restoreBackup({ archive: path.resolve(archive), database, storage, force });
  const { manifest } = summary;
  const pending = await pendingMigrations(database);
  if (pending.length > 0) migrateDatabase(database);

  const target = database.provider === "sqlite" ? database.file : describePostgres(database.url);
  console.log(`Restored ${path.basename(archive)} (taken ${manifest.createdAt} by CP Store ${manifest.app.version})`);
  console.log(`  database:   ${target}${summary.replacedData ? " (its previous data replaced: --force)" : ""}`);
  console.log(`  rows:       ${describeCounts(manifest.counts)}`);
  if (manifest.storage.kind === "local") {
    console.log(`  files:      ${summary.filesRestored} into ${describeStorage(storage)} (${formatBytes(summary.fileBytes)})`);
  } else {
    console.log(`  files:      none in this backup: they live in the S3 bucket "${manifest.storage.bucket}"`);
  }
  console.log(`  migrations: ${manifest.migrations.length} from the backup${pending.length > 0 ? `, then applied ${pending.join(", ")}` : ", none newer to apply"}`);
} catch (error) {
  if (error instanceof BackupError || error instanceof EnvError) fail(`Restore failed: ${error.message}`);
  throw error;
}
