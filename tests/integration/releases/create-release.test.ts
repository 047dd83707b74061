// createRelease and the moves after it, on both databases with real zips and the real local
// storage: what a release records and stores, each refusal (with nothing stored and the received
// file cleaned up), concurrent uploads of one version, and an insert that fails taking its file.
import { access, readdir, readFile, rm } from "node:fs/promises";
import path from "node:path";
import { afterAll, expect, it } from "vitest";
import { RELEASE_ERROR_CODES } from "../../../lib/api/releases/error-codes";
import { API_ERROR_STATUS } from "../../../lib/api/errors";
import type { Db, DatabaseProvider, Product } from "../../../lib/db";
import { createRelease, type CreateReleaseInput } from "../../../lib/releases/create-release";
import { ReleaseError } from "../../../lib/releases/errors";
import { deleteDraftRelease, publishRelease, updateRelease, yankRelease } from "../../../lib/releases/manage-release";
import { receiveLocalFile, type ReceivedFile } from "../../../lib/releases/received-file";
import { getStorage } from "../../../lib/storage";
import { REPO_ROOT } from "../../../scripts/db/check";
import { createProduct } from "../../helpers/factories";
import { describeEachDatabase } from "../../helpers/test-databases";
import { pluginZipWith, removeTempZips, validPluginZip, validThemeZip, writeTempFile, zipOf } from "../../helpers/zip-corpus";

afterAll(removeTempZips);

const storageDir = () => {
  const dir = process.env.STORAGE_DIR;
  if (!dir) throw new Error("tests/setup-storage.ts sets STORAGE_DIR");
  return dir;
};

/** Every stored file of a product, as storage keys. */
async function storedFiles(productId: string): Promise<string[]> {
  const root = path.join(storageDir(), "releases", productId);
  const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((entry) => entry.isFile()).map((entry) => path.relative(storageDir(), path.join(entry.parentPath, entry.name)).split(path.sep).join("/"));
}

/** A received upload: a temp copy that cleanup() deletes, as lib/http/multipart.ts hands over. */
async function upload(filePath: string, fileName = path.basename(filePath)): Promise<ReceivedFile & { cleaned(): Promise<boolean> }> {
  const copy = await writeTempFile(await readFile(filePath), `upload-${Math.random().toString(36).slice(2)}`);
  const local = await receiveLocalFile(copy);
  return {
    ...local,
    fileName,
    cleanup: () => rm(copy, { force: true }),
    cleaned: () => access(copy).then(() => false, () => true),
  };
}

async function product(db: Db, fields: Partial<Pick<Product, "kind" | "packageSlug">> = {}): Promise<Product> {
  const created = await createProduct(db);
  return db.product.update({ where: { id: created.id }, data: fields });
}

const input = (productId: string, file: ReceivedFile, extra: Partial<CreateReleaseInput> = {}): CreateReleaseInput => ({
  productId,
  file,
  channel: "stable",
  changelog: "",
  publish: true,
  actor: "test",
  ...extra,
});

async function refusal(promise: Promise<unknown>): Promise<ReleaseError> {
  const error = await promise.then(
    () => null,
    (cause: unknown) => cause,
  );
  expect(error).toBeInstanceOf(ReleaseError);
  return error as ReleaseError;
}

/** Makes every insert of a release for `productId` fail inside the database. */
async function refuseInserts(db: Db, provider: DatabaseProvider, productId: string): Promise<() => Promise<void>> {
  const name = `refuse_release_${productId}`;
  if (provider === "sqlite") {
    await db.$executeRawUnsafe(
      `CREATE TRIGGER "${name}" BEFORE INSERT ON "Release" WHEN NEW."productId" = '${productId}' BEGIN SELECT RAISE(ABORT, 'refused by the test'); END`,
    );
    return async () => void (await db.$executeRawUnsafe(`DROP TRIGGER "${name}"`));
  }
  await db.$executeRawUnsafe(
    `CREATE FUNCTION "${name}"() RETURNS trigger AS $$ BEGIN IF NEW."productId" = '${productId}' THEN RAISE EXCEPTION 'refused by the test'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql`,
  );
  await db.$executeRawUnsafe(`CREATE TRIGGER "${name}" BEFORE INSERT ON "Release" FOR EACH ROW EXECUTE FUNCTION "${name}"()`);
  return async () => {
    await db.$executeRawUnsafe(`DROP TRIGGER "${name}" ON "Release"`);
    await db.$executeRawUnsafe(`DROP FUNCTION "${name}"()`);
  };
}

describeEachDatabase("createRelease", (getDb, provider) => {
  it("checks, stores and records a plugin release, with its audit entry, and cleans up the received file", async () => {
    const item = await product(getDb(), { packageSlug: "acme-forms" });
    const zip = await validPluginZip("acme-forms", "1.4.0", "Acme Forms");
    const file = await upload(zip, "acme-forms-1.4.0.zip");

    const release = await createRelease(getDb(), input(item.id, file, { changelog: "  * Fixed: Safari  ", version: "1.4.0" }));

    expect(release).toMatchObject({
      productId: item.id,
      version: "1.4.0",
      channel: "stable",
      status: "published",
      changelog: "* Fixed: Safari",
      fileName: "acme-forms-1.4.0.zip",
      contentType: "application/zip",
      sizeBytes: file.size,
      sha256: file.sha256,
      createdBy: "test",
      downloadCount: 0,
      yankedAt: null,
    });
    expect(release.requires).toMatch(/^\d/);
    expect(release.publishedAt).toBeInstanceOf(Date);
    expect(release.storageKey).toBe(`releases/${item.id}/${release.id}/acme-forms-1.4.0.zip`);
    expect(await storedFiles(item.id)).toEqual([release.storageKey]);
    const stored = await getStorage().open(release.storageKey);
    const chunks: Buffer[] = [];
    for await (const chunk of stored!.stream) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).equals(await readFile(zip))).toBe(true);
    expect(await file.cleaned()).toBe(true);
    const events = await getDb().auditEvent.findMany({ where: { subject: `release:${release.id}` } });
    expect(events).toMatchObject([{ actor: "test", action: "release.published" }]);
  });

  it("keeps a draft unpublished until publishRelease, then yanks it for good", async () => {
    const item = await product(getDb(), { kind: "theme", packageSlug: "agency-theme" });
    const draft = await createRelease(getDb(), input(item.id, await upload(await validThemeZip("agency-theme", "2.0.0-beta.1")), { publish: false, channel: "beta" }));
    expect(draft).toMatchObject({ status: "draft", publishedAt: null, channel: "beta", version: "2.0.0-beta.1" });

    expect(await updateRelease(getDb(), { releaseId: draft.id, channel: "stable", changelog: "Notes", actor: "test" })).toEqual({ outcome: "updated" });
    expect(await yankRelease(getDb(), { releaseId: draft.id, actor: "test" })).toEqual({ outcome: "wrong_status", status: "draft" });
    expect(await publishRelease(getDb(), { releaseId: draft.id, actor: "test" })).toMatchObject({ outcome: "published" });
    expect(await publishRelease(getDb(), { releaseId: draft.id, actor: "test" })).toEqual({ outcome: "wrong_status", status: "published" });
    expect(await updateRelease(getDb(), { releaseId: draft.id, channel: "beta", actor: "test" })).toEqual({ outcome: "wrong_status", status: "published" });
    expect(await updateRelease(getDb(), { releaseId: draft.id, changelog: "Better notes", actor: "test" })).toEqual({ outcome: "updated" });
    expect(await yankRelease(getDb(), { releaseId: draft.id, actor: "test" })).toMatchObject({ outcome: "yanked" });
    expect(await publishRelease(getDb(), { releaseId: draft.id, actor: "test" })).toEqual({ outcome: "wrong_status", status: "yanked" });
    expect(await deleteDraftRelease(getDb(), { releaseId: draft.id, actor: "test" })).toEqual({ outcome: "wrong_status", status: "yanked" });
    expect(await publishRelease(getDb(), { releaseId: "missing", actor: "test" })).toEqual({ outcome: "not_found" });

    const row = await getDb().release.findUniqueOrThrow({ where: { id: draft.id } });
    expect(row).toMatchObject({ status: "yanked", channel: "stable", changelog: "Better notes" });
    expect(row.yankedAt).toBeInstanceOf(Date);
    expect(await storedFiles(item.id)).toEqual([row.storageKey]); // a yanked file stays, for the record
    const actions = await getDb().auditEvent.findMany({ where: { subject: `release:${draft.id}` }, orderBy: { id: "asc" } });
    expect(actions.map((event) => event.action).sort()).toEqual(["release.created", "release.published", "release.updated", "release.updated", "release.yanked"]);
  });

  it("deletes a draft and then its stored file", async () => {
    const item = await product(getDb());
    const draft = await createRelease(getDb(), input(item.id, await upload(await validPluginZip(item.slug, "0.9.0")), { publish: false }));
    expect(await storedFiles(item.id)).toHaveLength(1);
    expect(await deleteDraftRelease(getDb(), { releaseId: draft.id, actor: "test" })).toEqual({ outcome: "deleted" });
    expect(await getDb().release.findUnique({ where: { id: draft.id } })).toBeNull();
    expect(await storedFiles(item.id)).toEqual([]);
  });

  it("takes any file with its given version for a product of kind other", async () => {
    const item = await product(getDb(), { kind: "other" });
    const file = await upload(await writeTempFile(Buffer.from("MZ desktop app"), "app.exe"));
    const release = await createRelease(getDb(), input(item.id, file, { version: "3.1" }));
    expect(release).toMatchObject({ version: "3.1", contentType: expect.any(String), requires: null });
  });

  type Case = [code: string, status: number, arrange: (db: Db) => Promise<{ productId: string; file: ReceivedFile & { cleaned(): Promise<boolean> }; extra?: Partial<CreateReleaseInput> }>];
  const CASES: Case[] = [
    ["NOT_FOUND", 404, async () => ({ productId: "no-such-product", file: await upload(await validPluginZip("x", "1.0.0")) })],
    ["FILE_EMPTY", 400, async (db) => ({ productId: (await product(db)).id, file: await upload(await writeTempFile(Buffer.alloc(0))) })],
    ["VERSION_MISMATCH", 400, async (db) => {
      const item = await product(db);
      return { productId: item.id, file: await upload(await validPluginZip(item.slug, "1.2.0")), extra: { version: "1.3.0" } };
    }],
    ["ZIP_WRONG_FOLDER", 400, async (db) => ({ productId: (await product(db)).id, file: await upload(await validPluginZip("another-folder", "1.0.0")) })],
    ["NOT_A_ZIP", 400, async (db) => ({ productId: (await product(db)).id, file: await upload(await writeTempFile(Buffer.from("not a zip at all"))) })],
    ["ZIP_NO_VERSION", 400, async (db) => {
      const item = await product(db);
      return { productId: item.id, file: await upload(await writeTempFile(await zipOf({ [`${item.slug}/${item.slug}.php`]: "<?php\n/*\n * Plugin Name: X\n */\n" }))) };
    }],
    ["VERSION_REQUIRED", 400, async (db) => ({ productId: (await product(db, { kind: "other" })).id, file: await upload(await writeTempFile(Buffer.from("bytes"))) })],
    ["INVALID_VERSION", 400, async (db) => ({
      productId: (await product(db, { kind: "other" })).id,
      file: await upload(await writeTempFile(Buffer.from("bytes"))),
      extra: { version: "1.x" },
    })],
    ["CHANGELOG_TOO_LONG", 400, async (db) => {
      const item = await product(db);
      return { productId: item.id, file: await upload(await validPluginZip(item.slug, "1.0.0")), extra: { changelog: "x".repeat(20_001) } };
    }],
    ["VERSION_EXISTS", 409, async (db) => {
      const item = await product(db, { kind: "other" });
      await createRelease(db, input(item.id, await upload(await writeTempFile(Buffer.from("first"))), { version: "1.0.0" }));
      // 1.0 is 1.0.0 written another way.
      return { productId: item.id, file: await upload(await writeTempFile(Buffer.from("second"))), extra: { version: "1.0" } };
    }],
  ];

  it.each(CASES)("refuses with %s (HTTP %i), storing nothing and cleaning up the received file", async (code, status, arrange) => {
    const { productId, file, extra } = await arrange(getDb());
    const before = await storedFiles(productId);
    const error = await refusal(createRelease(getDb(), input(productId, file, extra)));
    expect({ code: error.code, status: error.status }).toEqual({ code, status });
    expect(error.message.length).toBeGreaterThan(10);
    expect(await storedFiles(productId)).toEqual(before);
    expect(await file.cleaned()).toBe(true);
  });

  it("makes one release of concurrent uploads of the same version; the others answer VERSION_EXISTS", async () => {
    const item = await product(getDb());
    const zip = await validPluginZip(item.slug, "5.0.0");
    const files = await Promise.all(Array.from({ length: 4 }, () => upload(zip)));
    const results = await Promise.allSettled(files.map((file) => createRelease(getDb(), input(item.id, file))));

    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    const refusals = results.flatMap((result) => (result.status === "rejected" ? [result.reason as ReleaseError] : []));
    expect(refusals.map((error) => [error.code, error.status])).toEqual(Array.from({ length: 3 }, () => ["VERSION_EXISTS", 409]));
    const rows = await getDb().release.findMany({ where: { productId: item.id } });
    expect(rows).toHaveLength(1);
    expect(await storedFiles(item.id)).toEqual([rows[0]?.storageKey]);
    for (const file of files) expect(await file.cleaned()).toBe(true);
  });

  it("makes one release of concurrent uploads of one version spelt differently (1.2, 1.2.0, 1.2.0.0)", async () => {
    const item = await product(getDb(), { kind: "other" });
    const spellings = ["1.2", "1.2.0", "1.2.0.0", "1.2", "1.2.0", "1.2.0.0"];
    const files = await Promise.all(spellings.map((_, i) => writeTempFile(Buffer.from(`build ${i}`), `app-${i}.exe`).then((file) => upload(file))));
    const results = await Promise.allSettled(files.map((file, i) => createRelease(getDb(), input(item.id, file, { version: spellings[i] }))));

    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    const refusals = results.flatMap((result) => (result.status === "rejected" ? [(result.reason as ReleaseError).code] : []));
    expect(refusals).toEqual(Array.from({ length: 5 }, () => "VERSION_EXISTS"));
    const rows = await getDb().release.findMany({ where: { productId: item.id } });
    expect(rows).toHaveLength(1);
    expect(await storedFiles(item.id)).toEqual([rows[0]?.storageKey]);
  });

  it("deletes the stored file when the row cannot be written", async () => {
    const item = await product(getDb());
    const dropTrigger = await refuseInserts(getDb(), provider, item.id);
    try {
      const file = await upload(await validPluginZip(item.slug, "1.0.0"));
      await expect(createRelease(getDb(), input(item.id, file))).rejects.toThrow(); // (SQLite's adapter words the RAISE as a foreign key error)
      expect(await storedFiles(item.id)).toEqual([]);
      expect(await file.cleaned()).toBe(true);
      expect(await getDb().auditEvent.count({ where: { details: { contains: item.id } } })).toBe(0);
    } finally {
      await dropTrigger();
    }
    // The same upload goes through once the database takes it.
    const release = await createRelease(getDb(), input(item.id, await upload(await validPluginZip(item.slug, "1.0.0"))));
    expect(await storedFiles(item.id)).toEqual([release.storageKey]);
  });

  it("accepts a plugin zip with extra files and a readme, taking requirements from the headers", async () => {
    const item = await product(getDb());
    const zip = await pluginZipWith(item.slug, "1.0.1", { "readme.txt": "=== X ===\nRequires at least: 6.1\nTested up to: 6.7\nRequires PHP: 8.0\n\n== Description ==\n" });
    const release = await createRelease(getDb(), input(item.id, await upload(zip)));
    expect(release).toMatchObject({ version: "1.0.1", requires: "6.1", tested: "6.7", requiresPhp: "8.0" });
  });
});

it("documents every code a ReleaseError is thrown with (lib/api/releases/error-codes.ts)", async () => {
  const dir = path.join(REPO_ROOT, "lib", "releases");
  const thrown = new Set<string>();
  for (const name of await readdir(dir)) {
    const source = await readFile(path.join(dir, name), "utf8");
    for (const match of source.matchAll(/new ReleaseError\(\s*"([A-Z_]+)"/g)) thrown.add(match[1] ?? "");
  }
  expect(thrown.size).toBeGreaterThan(15);
  const documented = new Set([...Object.keys(RELEASE_ERROR_CODES), ...Object.keys(API_ERROR_STATUS)]);
  expect([...thrown].filter((code) => !documented.has(code))).toEqual([]);
});
