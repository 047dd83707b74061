// `npm run db:backup -- --out FILE`: one .tar.gz holding the database (SQLite: the online backup
// API; PostgreSQL: pg_dump --format=custom), the local storage files and a manifest. Safe while
// the store runs. What it holds and how to restore it: docs/backups.md.
import { readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { createBackup } from "../../lib/backup/create-backup";
import { BackupError } from "../../lib/backup/manifest";
import { describePostgres } from "../../lib/backup/pg-tools";
import { describeCounts } from "../../lib/backup/snapshot";
import { describeStorage, storageConfigFrom } from "../../lib/backup/storage-config";
import { EnvError, getEnv } from "../../lib/env";
import { formatBytes } from "../../lib/releases/display";
import { REPO_ROOT } from "../build-app";

const USAGE = "Usage: npm run db:backup -- --out FILE   (e.g. --out backups/cp-store-$(date +%F).tar.gz)";

function fail(...lines: string[]): never {
  for (const line of lines) console.error(line);
  process.exit(1);
}

let out: string | undefined;
try {
  ({ values: { out } } = parseArgs({ options: { out: { type: "string" } } }));
} catch (error) {
  fail(USAGE, `  ${error instanceof Error ? error.message : String(error)}`);
}
if (!out) fail(USAGE, "  --out is required");

try {
  const env = getEnv();
  const storage = storageConfigFrom(env);
  const appVersion = (JSON.parse(readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as { version: string }).version;
  const summary = await createBackup({ database: env.database, storage, out: path.resolve(out), appVersion });
  const { manifest } = summary;
  const source = env.database.provider === "sqlite" ? env.database.file : describePostgres(env.database.url);
  console.log(`Backup written: ${summary.out} (${formatBytes(summary.bytes)})`);
  console.log(`  database:   ${manifest.provider}, ${source}, ${manifest.migrations.length} migrations, ${formatBytes(manifest.database.bytes)}${manifest.database.tool ? ` (${manifest.database.tool})` : ""}`);
  console.log(`  rows:       ${describeCounts(manifest.counts)}`);
  if (manifest.storage.kind === "local") {
    const bytes = manifest.storage.files.reduce((sum, file) => sum + file.bytes, 0);
    console.log(`  files:      ${manifest.storage.files.length} from ${describeStorage(storage)} (${formatBytes(bytes)})`);
  } else {
    console.log(`  files:      not included: ${manifest.storage.note}`);
  }
  if (summary.skipped.length > 0) console.log(`  skipped:    ${summary.skipped.length} path(s) in the storage directory that are not store files, e.g. ${summary.skipped[0]}`);
  if (summary.missingReleaseFiles.length > 0) {
    console.log(`  warning:    ${summary.missingReleaseFiles.length} release file(s) named by the database are missing from storage, e.g. ${summary.missingReleaseFiles[0]}`);
  }
} catch (error) {
  if (error instanceof BackupError || error instanceof EnvError) fail(`Backup failed: ${error.message}`);
  throw error;
}
