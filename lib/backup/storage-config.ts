// Where the store keeps its files, as the environment says (the same rule as lib/storage's
// getStorage): an S3 bucket when S3_BUCKET is set, else the local directory.
import path from "node:path";
import type { Env } from "../env";
import { createLocalStorage, createS3Storage, type FileStorage } from "../storage";
import type { S3StorageOptions } from "../storage/s3";

export type StorageConfig = { kind: "local"; dir: string } | { kind: "s3"; bucket: string; options: S3StorageOptions };

export function storageConfigFrom(env: Pick<Env, "STORAGE_DIR" | "S3_BUCKET" | "S3_ENDPOINT" | "S3_REGION" | "S3_FORCE_PATH_STYLE">, cwd = process.cwd()): StorageConfig {
  if (env.S3_BUCKET) {
    return {
      kind: "s3",
      bucket: env.S3_BUCKET,
      options: { bucket: env.S3_BUCKET, endpoint: env.S3_ENDPOINT, region: env.S3_REGION, forcePathStyle: env.S3_FORCE_PATH_STYLE },
    };
  }
  return { kind: "local", dir: path.resolve(cwd, env.STORAGE_DIR ?? "data/files") };
}

export function openStorage(config: StorageConfig): FileStorage {
  return config.kind === "s3" ? createS3Storage(config.options) : createLocalStorage(config.dir);
}

export function describeStorage(config: StorageConfig): string {
  return config.kind === "s3" ? `S3 bucket "${config.bucket}"` : config.dir;
}
