// The store's one FileStorage, chosen from the environment: S3-compatible when S3_BUCKET is set
// (the choice for several instances), else a local directory (STORAGE_DIR, default data/files).
// The AWS SDK is loaded only when S3 is configured, so a local store does not pay for it.
import path from "node:path";
import { getEnv } from "../env";
import { createLocalStorage } from "./local";
import type { S3StorageOptions } from "./s3";
import type { FileStorage } from "./types";

export type { FileStorage, StoredFile } from "./types";
export { StorageKeyError } from "./keys";
export { createLocalStorage };

/** An S3 storage whose SDK is imported on first use. */
export function createS3Storage(options: S3StorageOptions): FileStorage {
  let loaded: Promise<FileStorage> | undefined;
  const storage = () => (loaded ??= import("./s3").then((s3) => s3.createS3Storage(options)));
  return {
    kind: "s3",
    putFile: async (key, filePath, o) => (await storage()).putFile(key, filePath, o),
    open: async (key) => (await storage()).open(key),
    presignedDownloadUrl: async (key, o) => (await storage()).presignedDownloadUrl(key, o),
    delete: async (key) => (await storage()).delete(key),
    check: async () => (await storage()).check(),
  };
}

let cached: FileStorage | undefined;

export function getStorage(): FileStorage {
  if (cached) return cached;
  const env = getEnv();
  cached = env.S3_BUCKET
    ? createS3Storage({ bucket: env.S3_BUCKET, endpoint: env.S3_ENDPOINT, region: env.S3_REGION, forcePathStyle: env.S3_FORCE_PATH_STYLE })
    : createLocalStorage(path.resolve(process.cwd(), env.STORAGE_DIR ?? "data/files"));
  return cached;
}
