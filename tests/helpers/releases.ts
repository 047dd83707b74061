// Releases for tests that need one to exist (update checks, downloads) rather than to be uploaded:
// the bytes go through the real storage (getStorage(), the test temp folder), the row is inserted
// directly with what the upload would have computed (versionKey, SHA-256, size).
import { createHash, randomBytes } from "node:crypto";
import { rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { DbClient, Product } from "../../lib/db";
import type { Release, ReleaseChannel } from "../../lib/releases/entitlement";
import { versionKey } from "../../lib/releases/version";
import { getStorage } from "../../lib/storage";

export type TestReleaseOptions = {
  product: Pick<Product, "id" | "slug" | "packageSlug">;
  version: string;
  channel?: ReleaseChannel;
  status?: "draft" | "published" | "yanked";
  /** Default: now for a published or yanked release, null for a draft. */
  publishedAt?: Date | null;
  /** The file; default: a few hundred random bytes. */
  bytes?: Buffer;
  changelog?: string;
  contentType?: string;
  fileName?: string;
};

export const sha256Hex = (bytes: Buffer | Uint8Array): string => createHash("sha256").update(bytes).digest("hex");

/** Stores the bytes and inserts the release row; returns the row and the bytes stored. */
export async function publishTestRelease(db: DbClient, options: TestReleaseOptions): Promise<{ release: Release; bytes: Buffer }> {
  const bytes = options.bytes ?? Buffer.concat([Buffer.from(`test release ${options.version}\n`), randomBytes(256)]);
  const status = options.status ?? "published";
  const contentType = options.contentType ?? "application/zip";
  const fileName = options.fileName ?? `${options.product.packageSlug ?? options.product.slug}-${options.version}.zip`;
  const storageKey = `releases/${options.product.id}/test-${randomBytes(6).toString("hex")}/${fileName.replace(/[^\w.-]/g, "-")}`;
  const temp = path.join(tmpdir(), `cp-test-release-${randomBytes(6).toString("hex")}`);
  await writeFile(temp, bytes);
  try {
    await getStorage().putFile(storageKey, temp, { contentType });
  } finally {
    await rm(temp, { force: true });
  }
  const now = new Date();
  const publishedAt = options.publishedAt !== undefined ? options.publishedAt : status === "draft" ? null : now;
  const release = await db.release.create({
    data: {
      productId: options.product.id,
      version: options.version,
      versionKey: versionKey(options.version),
      channel: options.channel ?? "stable",
      status,
      changelog: options.changelog ?? `* Changes in ${options.version}`,
      requires: "6.0",
      tested: "6.5",
      requiresPhp: "7.4",
      fileName,
      contentType,
      sizeBytes: bytes.length,
      sha256: sha256Hex(bytes),
      storageKey,
      createdBy: "test",
      publishedAt,
      yankedAt: status === "yanked" ? now : null,
    },
  });
  return { release, bytes };
}
