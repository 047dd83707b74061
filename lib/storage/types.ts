// Where release files and product images live: a local directory (one instance) or an
// S3-compatible bucket (several instances). Everything streams; nothing holds a whole file.
import type { Readable } from "node:stream";

export type StoredFile = { size: number; stream: Readable };

export interface FileStorage {
  readonly kind: "local" | "s3";
  /** Stores a file from a local path (an upload already received into a temp file). */
  putFile(key: string, filePath: string, options: { contentType: string }): Promise<void>;
  /** Opens a stored file for streaming; null when it does not exist. */
  open(key: string): Promise<StoredFile | null>;
  /**
   * A short-lived URL the client downloads from directly (S3), or null when the store serves the
   * bytes itself (local).
   */
  presignedDownloadUrl(
    key: string,
    options: { fileName: string; contentType: string; expiresInSeconds: number },
  ): Promise<string | null>;
  delete(key: string): Promise<void>;
  /** Throws when the storage cannot be reached (readiness). */
  check(): Promise<void>;
}
