// The backup file: one gzipped tar of manifest.json, the database copy and the storage files.
// It is written to a temp name beside its destination and renamed when whole, readable by its
// owner only (it holds password hashes, API key hashes and possibly the signing key), and read
// back only through a filter that lets nothing but those entries out.
import { createHash, randomBytes } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { open, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { create, extract } from "tar";
import { BackupError, DATABASE_ENTRY, FILES_DIR, MANIFEST_ENTRY } from "./manifest";

export async function sha256OfFile(file: string): Promise<string> {
  const hash = createHash("sha256");
  await pipeline(createReadStream(file), hash);
  return hash.digest("hex");
}

/** Refuses a destination that exists (an old backup is never lost to a reused name) or has no folder. */
export async function checkArchiveDestination(out: string): Promise<void> {
  if (await stat(out).catch(() => null)) throw new BackupError(`${out} already exists; choose another name (a backup never overwrites a file).`);
  if (!(await stat(path.dirname(out)).catch(() => null))?.isDirectory()) throw new BackupError(`The folder ${path.dirname(out)} does not exist.`);
}

/**
 * Packs `entries` (paths relative to `cwd`, manifest first) into `out`. A file that vanishes while
 * it is packed fails the backup (strict) rather than leaving the archive short of what its
 * manifest lists.
 */
export async function writeArchive(out: string, cwd: string, entries: string[]): Promise<number> {
  await checkArchiveDestination(out);
  const temp = path.join(path.dirname(out), `.${path.basename(out)}.${randomBytes(6).toString("hex")}.partial`);
  try {
    await pipeline(create({ gzip: true, cwd, portable: true, strict: true }, entries), createWriteStream(temp, { flags: "wx", mode: 0o600 }));
    const handle = await open(temp, "r+");
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, out);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  return (await stat(out)).size;
}

const ALLOWED_TYPES = new Set(["File", "OldFile", "Directory"]);

function isBackupEntry(entryPath: string): boolean {
  const name = entryPath.replace(/\/$/, "");
  return name === MANIFEST_ENTRY || name === DATABASE_ENTRY.sqlite || name === DATABASE_ENTRY.postgresql || name === FILES_DIR || name.startsWith(`${FILES_DIR}/`);
}

/**
 * Unpacks a backup into `dir` (an empty temp folder). Only regular files and folders under the
 * names a backup uses are written (tar itself already refuses absolute paths and `..`); links and
 * devices are skipped. A damaged or foreign file becomes a BackupError naming the file.
 */
export async function extractArchive(file: string, dir: string): Promise<void> {
  const info = await stat(file).catch(() => null);
  if (!info?.isFile()) throw new BackupError(`No backup file at ${file}.`);
  try {
    await extract({
      file,
      cwd: dir,
      strict: true,
      filter: (entryPath, entry) => isBackupEntry(entryPath) && "type" in entry && ALLOWED_TYPES.has(entry.type),
    });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new BackupError(`Cannot read ${path.basename(file)} as a CP Store backup (a .tar.gz): ${reason}`);
  }
}
