// npm run db:backup against a running store while Verify load writes new activations, then
// npm run db:restore into a new empty database and storage directory, on SQLite and PostgreSQL:
// every key, activation and order that existed before the backup started is there, each key's
// activationsUsed equals its activations, the release file is byte-identical and a store started
// on the restored data answers Verify for an old site without counting it again. Restoring over a
// database with data needs --force; restoring under the running store is refused.
import { readFile, rm } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { verify } from "../../helpers/license-api-server";
import { runScript } from "../../helpers/run-script";
import { startStoreServer, type StoreServer } from "../../helpers/store-server";
import { describeEachDatabaseWith } from "../../helpers/test-databases";
import { uniqueDomain } from "../../helpers/factories";
import { removeTempZips, validPluginZip } from "../../helpers/zip-corpus";
import {
  filesIn,
  inconsistentKeys,
  newRestoreTarget,
  readManifest,
  runBackup,
  runRestore,
  seedOrdersAndKeys,
  sha256,
  storeContents,
  tempDir,
  type RestoreTarget,
  type SeededStore,
  type StoreLocation,
} from "./backup-helpers";

const ORDERS = 120;
const SITES_PER_KEY = 2;
/** Concurrent Verify callers during the backup, and a bound on what they send in all. */
const LOAD_WORKERS = 4;
const LOAD_MAX_REQUESTS = 20_000;

type Load = { completed: number; failures: string[]; stop(): Promise<void> };

/** Verify calls from new sites for unlimited keys, each one a new activation, until stopped. */
function startVerifyLoad(server: StoreServer, keys: string[]): Load {
  let stopped = false;
  let sent = 0;
  const load: Load = { completed: 0, failures: [], stop: async () => {} };
  const worker = async () => {
    while (!stopped && sent < LOAD_MAX_REQUESTS) {
      sent++;
      const key = keys[sent % keys.length] ?? "";
      const answer = await verify(server, { key, domain: uniqueDomain("load") });
      if (answer.json.code !== "VALID" || !answer.json.environment.activated) load.failures.push(`${answer.status} ${answer.text.slice(0, 200)}`);
      load.completed++;
    }
  };
  const workers = Array.from({ length: LOAD_WORKERS }, worker);
  load.stop = async () => {
    stopped = true;
    await Promise.all(workers);
  };
  return load;
}

async function until(condition: () => boolean) {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 20));
}

type Fixture = { server: StoreServer; location: StoreLocation };

describeEachDatabaseWith<Fixture>(
  "db:backup under Verify load, db:restore into a new database",
  {
    setup: async (database) => {
      const storageDir = await tempDir("backup-files");
      const server = await startStoreServer({ databaseUrl: database.url, env: { STORAGE_DIR: storageDir } });
      return { server, location: { databaseUrl: database.url, storageDir } };
    },
    teardown: async ({ server, location }) => {
      await server.stop();
      await rm(location.storageDir, { recursive: true, force: true });
    },
  },
  ({ provider, database, fixture }) => {
    let seeded: SeededStore;
    let releaseBytes: Buffer;
    let releaseKey: string;
    let workDir: string;
    let archive: string;
    let before: Awaited<ReturnType<typeof storeContents>>;
    let target: RestoreTarget;
    let loadDuringBackup = 0;

    beforeAll(async () => {
      const db = database().db;
      const { server, location } = fixture();
      workDir = await tempDir("backup-out");
      archive = path.join(workDir, "store.tar.gz");
      seeded = await seedOrdersAndKeys(db, ORDERS);

      // Activations the way sites make them: Verify calls over HTTP.
      const calls = seeded.keys.flatMap((key) => Array.from({ length: SITES_PER_KEY }, () => ({ key, domain: uniqueDomain() })));
      for (let i = 0; i < calls.length; i += 8) {
        const answers = await Promise.all(calls.slice(i, i + 8).map((call) => verify(server, call)));
        for (const answer of answers) expect(answer.json.code, answer.text).toBe("VALID");
      }

      // A release file uploaded as a vendor's release script does.
      const zip = await validPluginZip(seeded.unlimited.slug, "1.0.0");
      releaseBytes = await readFile(zip);
      const publish = await runScript("release-publish.ts", ["--product", seeded.unlimited.slug, "--file", zip], {
        env: { DATABASE_URL: location.databaseUrl, STORAGE_DIR: location.storageDir },
      });
      expect(publish.code, publish.stderr).toBe(0);
      releaseKey = (await db.release.findFirstOrThrow({ where: { productId: seeded.unlimited.id } })).storageKey;

      const unlimitedKeys = seeded.keys.filter((_, i) => i % 2 === 0);
      const load = startVerifyLoad(server, unlimitedKeys);
      try {
        await until(() => load.completed >= 20); // the load is running
        before = await storeContents(db);
        const completedAtStart = load.completed;
        const backup = await runBackup(location, archive);
        loadDuringBackup = load.completed - completedAtStart;
        expect(backup.stderr).toBe("");
        expect(backup.code).toBe(0);
        expect(backup.stdout).toContain(`Backup written: ${archive}`);
        expect(backup.stdout).toMatch(/files: +1 from /);
      } finally {
        await load.stop();
      }
      expect(load.failures).toEqual([]);
    });

    afterAll(async () => {
      await target?.close();
      await removeTempZips();
      if (workDir) await rm(workDir, { recursive: true, force: true });
    });

    it("the backup was taken while Verify calls were writing new activations", () => {
      // Calls that completed between the backup's start and its end: the store kept writing.
      expect(loadDuringBackup).toBeGreaterThan(0);
      expect(before.activations.length).toBeGreaterThan(ORDERS * SITES_PER_KEY);
    });

    it("its manifest names the engine, the migrations and the rows and file it holds", async () => {
      const manifest = await readManifest(archive);
      expect(manifest).toMatchObject({ format: "cp-store-backup", formatVersion: 1, provider });
      expect(manifest.counts).toMatchObject({ Order: ORDERS, License: ORDERS, Release: 1 });
      expect(manifest.counts.Activation).toBeGreaterThanOrEqual(before.activations.length);
      expect(manifest.storage).toMatchObject({ kind: "local", files: [{ key: releaseKey, sha256: sha256(releaseBytes) }] });
    });

    it("restores into a new empty database and storage directory: every key, activation and order from before, consistent counts, the release file byte-identical", async () => {
      target = await newRestoreTarget(provider);
      const restore = await runRestore(target, archive);
      expect(restore.stderr).toBe("");
      expect(restore.code).toBe(0);
      expect(restore.stdout).toContain(`Restored ${path.basename(archive)}`);
      expect(restore.stdout).toContain(`files:      1 into ${target.storageDir}`);

      const restored = await storeContents(target.db());
      const licenses = new Map(restored.licenses.map((license) => [license.id, license]));
      for (const license of before.licenses) {
        const found = licenses.get(license.id);
        expect(found).toMatchObject({ ...license, activationsUsed: expect.any(Number) });
        expect(found?.activationsUsed).toBeGreaterThanOrEqual(license.activationsUsed); // the load only adds
      }
      const activations = new Map(restored.activations.map((activation) => [activation.id, activation]));
      for (const activation of before.activations) expect(activations.get(activation.id)).toEqual(activation);
      expect(restored.orders).toEqual(expect.arrayContaining(before.orders.map((order) => ({ ...order, items: expect.arrayContaining(order.items) }))));
      expect(restored.orders).toHaveLength(before.orders.length);
      expect(await inconsistentKeys(target.db())).toEqual([]);

      const manifest = await readManifest(archive);
      expect(restored.activations).toHaveLength(manifest.counts.Activation ?? -1);

      const files = await filesIn(target.storageDir);
      expect([...files]).toEqual([[path.join(...releaseKey.split("/")), sha256(releaseBytes)]]);
    });

    it("a store started on the restored data answers Verify for a site it knew without counting it again", async () => {
      const known = before.activations[0];
      const key = before.licenses.find((license) => license.id === known?.licenseId)?.key;
      if (!known || !key) throw new Error("no activation to check");
      const used = (await target.db().license.findUniqueOrThrow({ where: { key } })).activationsUsed;
      await target.release();
      const server = await startStoreServer({ databaseUrl: target.databaseUrl, env: { STORAGE_DIR: target.storageDir } });
      try {
        const answer = await verify(server, { key, domain: known.environment });
        expect(answer.json).toMatchObject({ code: "VALID", environment: { value: known.environment, activated: false }, activations: { used } });
      } finally {
        await server.stop();
      }
    });

    it("refuses to restore over a database holding data without --force, changing nothing; --force replaces it", async () => {
      const marker = await target.db().user.create({ data: { email: `marker-${Date.now()}@example.org` } });
      const usersBefore = await target.db().user.count();
      const filesBefore = await filesIn(target.storageDir);
      await target.release(); // PostgreSQL: restore refuses while other sessions are connected

      const refused = await runRestore(target, archive);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/is not empty \(\d+ users, \d+ products, \d+ licenses, \d+ orders\).*--force.*Nothing was changed/);
      expect(await target.db().user.count()).toBe(usersBefore);
      expect(await target.db().user.findUnique({ where: { id: marker.id } })).not.toBeNull();
      expect(await filesIn(target.storageDir)).toEqual(filesBefore);
      await target.release();

      const forced = await runRestore(target, archive, { force: true });
      expect(forced.stderr).toBe("");
      expect(forced.code).toBe(0);
      expect(forced.stdout).toContain("(its previous data replaced: --force)");
      expect(await target.db().user.findUnique({ where: { id: marker.id } })).toBeNull();
      expect(await target.db().user.count()).toBe((await readManifest(archive)).counts.User);
      expect(await inconsistentKeys(target.db())).toEqual([]);
    });

    it("refuses to restore into the database of the running store, even with --force, and the store goes on", async () => {
      const { server, location } = fixture();
      const licensesBefore = await database().db.license.count();
      const refused = await runRestore(location, archive, { force: true });
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(provider === "sqlite" ? /is in use \(is the store running\?\)\. Stop the store/ : /other connection\(s\) \(is the store running\?\)\. Stop the store/);
      expect(await database().db.license.count()).toBe(licensesBefore);
      const answer = await verify(server, { key: seeded.keys[0] ?? "", domain: uniqueDomain() });
      expect(answer.json.code).toBe("VALID");
    });

    it("with S3 storage, the backup says the files live in the bucket and are not included", async () => {
      const { location } = fixture();
      const out = path.join(workDir, "s3-store.tar.gz");
      const backup = await runBackup(location, out, { S3_BUCKET: "cp-store-releases" });
      expect(backup.code, backup.stderr).toBe(0);
      expect(backup.stdout).toMatch(/files: +not included: Release files and product images live in the S3 bucket/);
      expect((await readManifest(out)).storage).toEqual({ kind: "s3", included: false, bucket: "cp-store-releases", note: expect.stringContaining("versioning") });
    });
  },
);
