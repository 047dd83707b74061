// A release file on this machine's disk, hashed and measured, before it goes to storage: an
// upload streamed into a temp file (lib/http/multipart.ts) or a file the CLI names where it is.
// Whoever receives it calls cleanup() once it is stored or refused.
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import path from "node:path";

export type ReceivedFile = {
  /** Where the bytes are now (a temp file, or the CLI's own file). */
  path: string;
  /** The name it was sent with, without any directory. */
  fileName: string;
  size: number;
  /** SHA-256 of the bytes, lowercase hex. */
  sha256: string;
  /** Deletes a temp file; a no-op for a file that was not ours to begin with. */
  cleanup(): Promise<void>;
};

/** A local file as a ReceivedFile, hashed by streaming it (never read whole); cleanup leaves it. */
export async function receiveLocalFile(filePath: string): Promise<ReceivedFile> {
  const info = await stat(filePath);
  if (!info.isFile()) throw new Error(`${filePath} is not a file`);
  const hash = createHash("sha256");
  let size = 0;
  for await (const chunk of createReadStream(filePath)) {
    const bytes = chunk as Buffer;
    size += bytes.length;
    hash.update(bytes);
  }
  return {
    path: filePath,
    fileName: path.basename(filePath),
    size,
    sha256: hash.digest("hex"),
    cleanup: async () => {},
  };
}
