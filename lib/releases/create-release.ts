// THE way a release comes to exist (Admin upload, server API, CLI, demo seed): the file received,
// checked against the product's kind, stored, then recorded. Storage comes first so a row never
// points at a missing file; a row that cannot be written takes its stored file with it.
import { randomBytes } from "node:crypto";
import { Prisma, type Db } from "../db";
import { recordAuditEvent } from "../licenses/audit";
import { getStorage } from "../storage";
import type { Release } from "./entitlement";
import { ReleaseError } from "./errors";
import { inspectPackage } from "./inspect-package";
import type { ReceivedFile } from "./received-file";
import { asProductKind, CHANGELOG_MAX_LENGTH, type ProductKind, type ReleaseChannelName } from "./release-rules";
import { isValidVersion, MAX_VERSION_LENGTH, versionKey } from "./version";
import { logger } from "../observability/logger";

export { CHANGELOG_MAX_LENGTH, RELEASE_CHANNELS, type ReleaseChannelName } from "./release-rules";

export type CreateReleaseInput = {
  productId: string;
  file: ReceivedFile;
  /** Required for kind other; for a plugin or theme it must equal the zip's Version: header. */
  version?: string;
  channel: ReleaseChannelName;
  changelog: string;
  /** true: published at once; false: a draft to publish later. */
  publish: boolean;
  actor: string;
};

/** A cuid-shaped id, made here because the storage key names the release before its row exists. */
const newReleaseId = () => `c${Date.now().toString(36)}${randomBytes(8).toString("hex")}`.slice(0, 25);

/** The file name as a storage key segment: letters, digits, dot, dash and underscore only. */
export function safeFileName(fileName: string): string {
  const safe = fileName
    .normalize("NFKD")
    .replace(/[^A-Za-z0-9._-]+/g, "-")
    .slice(-100)
    .replace(/^[.-]+/, "");
  return safe || "file";
}

const versionExists = (version: string) =>
  new ReleaseError("VERSION_EXISTS", `Version ${version} of this product already exists; a published file never changes, so upload a new version`, 409);

function releaseVersion(kind: ProductKind, given: string | undefined, header: string | null): string {
  if (given !== undefined && !isValidVersion(given)) {
    throw new ReleaseError("INVALID_VERSION", `"${given.slice(0, MAX_VERSION_LENGTH)}" is not a version: use numbers like 1.2.3 or 2.0.0-beta.1`);
  }
  if (kind === "other") {
    if (given === undefined) throw new ReleaseError("VERSION_REQUIRED", "Give the version of this file (e.g. 1.2.3)");
    return given;
  }
  const what = kind === "plugin" ? "plugin's main file" : "theme's style.css";
  if (header === null) throw new ReleaseError("VERSION_REQUIRED", `The ${what} has no Version: header`);
  if (!isValidVersion(header)) {
    throw new ReleaseError("INVALID_VERSION", `The ${what} says Version: ${header.slice(0, MAX_VERSION_LENGTH)}, which is not a version like 1.2.3`);
  }
  if (given !== undefined && given !== header) {
    throw new ReleaseError("VERSION_MISMATCH", `You gave version ${given}, but the ${what} says Version: ${header}; WordPress would keep offering the update`);
  }
  return header;
}

/**
 * Checks, stores and records a release. Refusals are ReleaseErrors with their own code: product
 * not found (404), an empty file, a package WordPress would not install, a version missing,
 * malformed or disagreeing with the file's header, a changelog too long, and a version the
 * product already has (409, decided by the unique index, so concurrent uploads make one release).
 * The received file is cleaned up whatever happens.
 */
export async function createRelease(db: Db, input: CreateReleaseInput): Promise<Release> {
  try {
    const product = await db.product.findUnique({
      where: { id: input.productId },
      select: { id: true, slug: true, kind: true, packageSlug: true },
    });
    if (!product) throw new ReleaseError("NOT_FOUND", "Product not found", 404);
    if (input.file.size === 0) throw new ReleaseError("FILE_EMPTY", "The file is empty");
    const changelog = input.changelog.trim();
    if (changelog.length > CHANGELOG_MAX_LENGTH) {
      throw new ReleaseError("CHANGELOG_TOO_LONG", `The changelog must be at most ${CHANGELOG_MAX_LENGTH.toLocaleString("en-US")} characters`);
    }
    const kind = asProductKind(product.kind);
    const inspected = await inspectPackage(input.file.path, {
      kind,
      packageSlug: product.packageSlug ?? product.slug,
      fileName: input.file.fileName,
    });
    const version = releaseVersion(kind, input.version?.trim() || undefined, inspected.version);
    const key = versionKey(version);
    // 1.2 and 1.2.0 are one version: refuse the second spelling before storing a byte (the unique
    // index on (productId, versionKey) is what decides concurrent uploads below).
    const same = await db.release.findFirst({ where: { productId: product.id, versionKey: key }, select: { version: true } });
    if (same) throw versionExists(same.version);

    const id = newReleaseId();
    const storageKey = `releases/${product.id}/${id}/${safeFileName(input.file.fileName)}`;
    const storage = getStorage();
    await storage.putFile(storageKey, input.file.path, { contentType: inspected.contentType });
    const now = new Date();
    const status = input.publish ? "published" : "draft";
    try {
      return await db.$transaction(async (tx) => {
        const release = await tx.release.create({
          data: {
            id,
            productId: product.id,
            version,
            versionKey: key,
            channel: input.channel,
            status,
            changelog,
            requires: inspected.requires,
            tested: inspected.tested,
            requiresPhp: inspected.requiresPhp,
            fileName: input.file.fileName.slice(0, 255),
            contentType: inspected.contentType,
            sizeBytes: input.file.size,
            sha256: input.file.sha256,
            storageKey,
            createdBy: input.actor,
            publishedAt: input.publish ? now : null,
          },
        });
        await recordAuditEvent(tx, {
          actor: input.actor,
          action: input.publish ? "release.published" : "release.created",
          subject: `release:${id}`,
          details: { productId: product.id, version, channel: input.channel, status, sizeBytes: input.file.size, sha256: input.file.sha256 },
        });
        return release;
      });
    } catch (error) {
      await storage.delete(storageKey).catch((cause: unknown) => {
        logger.child({ component: "releases" }).error({ err: cause, storageKey }, "could not delete a file after a failed insert");
      });
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") throw versionExists(version);
      throw error;
    }
  } finally {
    await input.file.cleanup();
  }
}
