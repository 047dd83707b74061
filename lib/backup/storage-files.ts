// The files of local storage (release zips, product images) in and out of a backup. A file is
// listed at its storage key with its size and SHA-256; restore puts each back through the
// store's own FileStorage, so it lands whole (temp name, flush, rename) under a checked key.
import { lstat, readdir } from "node:fs/promises";
import path from "node:path";
import { StorageKeyError, type FileStorage } from "../storage";
import { storageKeySegments } from "../storage/keys";
import { sha256OfFile } from "./archive";
import { BackupError, FILES_DIR, type ManifestFile } from "./manifest";

export type LocalFiles = {
  files: ManifestFile[];
  /** Paths under the directory that are not store files (links, odd names); left out. */
  skipped: string[];
};

/**
 * Every regular file under `dir` whose path is a storage key. Names starting with "." are the
 * driver's in-flight temp files and readiness probes, not stored files.
 */
export async function listLocalFiles(dir: string): Promise<LocalFiles> {
  const files: ManifestFile[] = [];
  const skipped: string[] = [];
  const visit = async (relative: string) => {
    const entries = await readdir(path.join(dir, relative), { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT" && relative === "") return []; // nothing stored yet
      throw error;
    });
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const key = relative === "" ? entry.name : `${relative}/${entry.name}`;
      if (entry.name.startsWith(".")) continue;
      if (entry.isDirectory()) await visit(key);
      else if (entry.isFile() && isStorageKey(key)) {
        const full = path.join(dir, key);
        const info = await lstat(full);
        files.push({ key, bytes: info.size, sha256: await sha256OfFile(full) });
      } else skipped.push(key);
    }
  };
  await visit("");
  return { files, skipped };
}

function isStorageKey(key: string): boolean {
  try {
    storageKeySegments(key);
    return true;
  } catch (error) {
    if (error instanceof StorageKeyError) return false;
    throw error;
  }
}

/** Where a file sits in an unpacked backup. */
export const extractedPath = (extractedDir: string, key: string): string => path.join(extractedDir, FILES_DIR, ...storageKeySegments(key));

/** Checks every listed file is in the unpacked backup with its size and SHA-256. */
export async function checkExtractedFiles(extractedDir: string, files: ManifestFile[]): Promise<void> {
  for (const file of files) {
    if (!isStorageKey(file.key)) throw new BackupError(`The backup lists a file under an unsafe name: ${JSON.stringify(file.key.slice(0, 200))}.`);
    const full = extractedPath(extractedDir, file.key);
    const info = await lstat(full).catch(() => null);
    if (!info?.isFile()) throw new BackupError(`The backup is incomplete: ${file.key} is listed in its manifest but missing.`);
    if (info.size !== file.bytes || (await sha256OfFile(full)) !== file.sha256) {
      throw new BackupError(`The backup is damaged: ${file.key} does not match its checksum.`);
    }
  }
}

const CONTENT_TYPES: Record<string, string> = {
  ".zip": "application/zip",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".webp": "image/webp",
  ".gif": "image/gif",
  ".svg": "image/svg+xml",
};

/** Stores every file of the unpacked backup under its key; returns the bytes written. */
export async function restoreFiles(storage: FileStorage, extractedDir: string, files: ManifestFile[]): Promise<number> {
  let bytes = 0;
  for (const file of files) {
    const contentType = CONTENT_TYPES[path.extname(file.key).toLowerCase()] ?? "application/octet-stream";
    await storage.putFile(file.key, extractedPath(extractedDir, file.key), { contentType });
    bytes += file.bytes;
  }
  return bytes;
}
