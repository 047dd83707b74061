// The release the update and download scenarios use: a 50 MB file of random bytes put into local
// storage through the store's own driver, its Release row (published, the bench product's only
// one), and a customer's download link for it, minted with the store's own token code.
import { randomBytes } from "node:crypto";
import { createHash } from "node:crypto";
import { createWriteStream, mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { once } from "node:events";
import { createDb } from "../lib/db";
import type { DatabaseTarget } from "../lib/db/url";
import { createDownloadToken } from "../lib/releases/download-token";
import { versionKey } from "../lib/releases/version";
import { createLocalStorage } from "../lib/storage";

export const RELEASE_MB = 50;
export const RELEASE_VERSION = "2.0.0";

export type ReleaseFixture = {
  /** The stored file itself, which the bare node:http server serves. */
  filePath: string;
  size: number;
  /** `/api/v1/downloads/<token>` for a customer of the first known key. */
  downloadPath: string;
};

/** Writes `mb` MiB of random bytes (1 MiB at a time) and returns its SHA-256. */
async function writeRandomFile(file: string, mb: number): Promise<string> {
  const hash = createHash("sha256");
  const out = createWriteStream(file);
  for (let i = 0; i < mb; i++) {
    const chunk = randomBytes(1024 * 1024);
    hash.update(chunk);
    if (!out.write(chunk)) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
  return hash.digest("hex");
}

export async function seedRelease(target: DatabaseTarget, storageDir: string, productSlug: string, licenseKey: string): Promise<ReleaseFixture> {
  rmSync(storageDir, { recursive: true, force: true });
  mkdirSync(storageDir, { recursive: true });
  const source = path.join(path.dirname(storageDir), "bench-release.zip");
  const sha256 = await writeRandomFile(source, RELEASE_MB);
  const size = RELEASE_MB * 1024 * 1024;
  const db = createDb(target);
  try {
    const product = await db.product.findUniqueOrThrow({ where: { slug: productSlug } });
    const storageKey = `releases/${product.id}/bench/${productSlug}.zip`;
    await createLocalStorage(storageDir).putFile(storageKey, source, { contentType: "application/zip" });
    rmSync(source, { force: true });
    await db.product.update({
      where: { id: product.id },
      data: { description: "A plugin for the **benchmark**.", installation: "Upload it and activate it.", author: "Bench Ltd" },
    });
    const release = await db.release.create({
      data: {
        productId: product.id, version: RELEASE_VERSION, versionKey: versionKey(RELEASE_VERSION), status: "published",
        changelog: "### Added\n* Faster everything\n* A [link](https://example.com)\n\n### Fixed\n* A bug", requires: "6.0",
        tested: "6.7", requiresPhp: "7.4", fileName: `${productSlug}.zip`, contentType: "application/zip", sizeBytes: size,
        sha256, storageKey, publishedAt: new Date(),
      },
    });
    const license = await db.license.findUniqueOrThrow({ where: { key: licenseKey }, select: { id: true } });
    const token = await createDownloadToken(db, { licenseId: license.id, releaseId: release.id, environment: null });
    return { filePath: path.join(storageDir, ...storageKey.split("/")), size, downloadPath: `/api/v1/downloads/${token}` };
  } finally {
    await db.$disconnect();
  }
}
