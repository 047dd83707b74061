// A release zip read the safe way: only its central directory is listed (yauzl, entries one at a
// time), every entry is judged before the next is read, and the few files whose text we need are
// inflated through a capped stream. Nothing is extracted, so a hostile zip can cost us at most
// its listing and a few kilobytes of inflated text.
import { openPromise, type Entry, type ZipFile } from "yauzl";
import { ReleaseError } from "./errors";

export type ZipLimits = { maxEntries: number; maxUncompressedBytes: number; maxRatio: number };

/** A file of the zip that counts (directories and macOS litter left out). */
export type ZipFileEntry = { path: string; segments: string[]; entry: Entry };

export type ZipListing = {
  files: ZipFileEntry[];
  /** First path segments of everything that counts, directories included. */
  topLevelFolders: Set<string>;
  /** Files that sit at the top of the zip instead of inside a folder. */
  topLevelFiles: string[];
};

const MiB = 1024 * 1024;
// Below this many uncompressed bytes no ratio can hurt, and small text compresses very well.
const RATIO_FLOOR_BYTES = MiB;
const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;

const sizeText = (bytes: number) =>
  bytes >= 1024 * MiB && bytes % (1024 * MiB) === 0 ? `${bytes / (1024 * MiB)} GiB` : `${Math.round(bytes / MiB)} MiB`;

/** Finder's resource forks and folder settings: present in zips made on a Mac, never installed. */
export function isMacOsLitter(segments: string[]): boolean {
  return segments[0] === "__MACOSX" || segments.includes(".DS_Store");
}

/** Our own statement of yauzl's path rule, so a later yauzl cannot loosen it unnoticed. */
function isUnsafePath(path: string): boolean {
  return path.includes("\\") || path.startsWith("/") || /^[A-Za-z]:/.test(path) || path.split("/").includes("..");
}

const encrypted = () =>
  new ReleaseError("ZIP_ENCRYPTED", "The zip contains encrypted files; WordPress cannot install them. Zip the files again without a password.");

const unsafePath = (path: string) =>
  new ReleaseError(
    "ZIP_UNSAFE_PATH",
    `The zip contains an unsafe path (${JSON.stringify(path)}): entries must stay inside the package folder, without "..", a leading "/", a drive letter or backslashes.`,
  );

/** Turns what yauzl throws into the rule it broke, or a plain "damaged zip". */
export function zipError(error: unknown): ReleaseError {
  if (error instanceof ReleaseError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const pathRule = /^(?:invalid characters in fileName|absolute path|invalid relative path): (.*)$/s.exec(message);
  if (pathRule) return unsafePath(pathRule[1] ?? "");
  if (message.includes("encryption")) return encrypted();
  if (message.startsWith("too many bytes in the stream")) {
    return new ReleaseError("ZIP_BOMB", "A file in the zip inflates to more than its declared size, the mark of a zip bomb; the zip is refused.");
  }
  return new ReleaseError("ZIP_CORRUPT", `The zip is damaged and cannot be read (${message}). Create it again and upload the new file.`);
}

/** Opens a zip for listing; a file that is not a zip is refused as such. */
export async function openZip(filePath: string): Promise<ZipFile> {
  try {
    return await openPromise(filePath, {
      lazyEntries: true,
      autoClose: false,
      decodeStrings: true,
      validateEntrySizes: true,
      strictFileNames: true, // a backslash is refused, not quietly turned into a folder separator
    });
  } catch {
    throw new ReleaseError("NOT_A_ZIP", "The file is not a zip archive. Upload the .zip that WordPress installs.");
  }
}

/**
 * Lists the zip from its central directory, refusing it on the first entry that breaks a safety
 * rule: too many entries (known before any is read), an unsafe path, a symlink, encryption, an
 * unsupported compression method, or declared sizes that mark a bomb.
 */
export async function listZip(zip: ZipFile, limits: ZipLimits): Promise<ZipListing> {
  if (zip.entryCount > limits.maxEntries) {
    throw new ReleaseError(
      "ZIP_TOO_MANY_ENTRIES",
      `The zip has ${zip.entryCount.toLocaleString("en")} entries; at most ${limits.maxEntries.toLocaleString("en")} are accepted.`,
    );
  }
  const listing: ZipListing = { files: [], topLevelFolders: new Set(), topLevelFiles: [] };
  let uncompressed = 0;
  let compressed = 0;
  try {
    for await (const entry of zip.eachEntry()) {
      const path = entry.fileName;
      const segments = path.split("/");
      if (isUnsafePath(path)) throw unsafePath(path);
      if (isMacOsLitter(segments)) continue;
      const isDirectory = path.endsWith("/");
      if (isDirectory) segments.pop();
      if (entry.isEncrypted()) throw encrypted();
      if (((entry.externalFileAttributes >>> 16) & S_IFMT) === S_IFLNK) {
        throw new ReleaseError("ZIP_SYMLINK", `The zip contains a symbolic link (${path}); links can point outside the package folder and are refused.`);
      }
      if (!isDirectory && entry.compressionMethod !== 0 && entry.compressionMethod !== 8) {
        throw new ReleaseError(
          "ZIP_UNSUPPORTED_COMPRESSION",
          `${path} uses a compression method WordPress cannot unpack everywhere; zip the files again with the standard (deflate) method.`,
        );
      }
      uncompressed += entry.uncompressedSize;
      compressed += entry.compressedSize;
      if (uncompressed > limits.maxUncompressedBytes) {
        throw new ReleaseError("ZIP_BOMB", `The zip unpacks to more than ${sizeText(limits.maxUncompressedBytes)}; it is refused as a possible zip bomb.`);
      }
      if (entry.uncompressedSize > RATIO_FLOOR_BYTES && entry.uncompressedSize > limits.maxRatio * Math.max(entry.compressedSize, 1)) {
        throw new ReleaseError("ZIP_BOMB", `${path} unpacks to more than ${limits.maxRatio} times its compressed size, the mark of a zip bomb; the zip is refused.`);
      }
      const [top = ""] = segments;
      if (segments.length === 1 && !isDirectory) listing.topLevelFiles.push(path);
      else listing.topLevelFolders.add(top);
      if (!isDirectory) listing.files.push({ path, segments, entry });
    }
  } catch (error) {
    throw zipError(error);
  }
  if (uncompressed > RATIO_FLOOR_BYTES && uncompressed > limits.maxRatio * Math.max(compressed, 1)) {
    throw new ReleaseError("ZIP_BOMB", `The zip unpacks to more than ${limits.maxRatio} times its size, the mark of a zip bomb; it is refused.`);
  }
  return listing;
}

/** The first `maxBytes` inflated bytes of one entry; the stream stops there. */
export async function readEntryHead(zip: ZipFile, entry: Entry, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    const stream = await zip.openReadStreamPromise(entry);
    try {
      for await (const chunk of stream) {
        chunks.push(chunk as Buffer);
        size += (chunk as Buffer).length;
        if (size >= maxBytes) break;
      }
    } finally {
      stream.destroy();
    }
  } catch (error) {
    throw zipError(error);
  }
  return Buffer.concat(chunks).subarray(0, maxBytes);
}
