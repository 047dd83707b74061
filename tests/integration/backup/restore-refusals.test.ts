// npm run db:restore refuses what it must not restore, with exit code 1, a message that says why,
// and nothing changed in the target (no database written, no file stored): a damaged or foreign
// archive, a missing one, another engine's backup, a newer format or migration set, a database or
// file that does not match its checksum; and, on PostgreSQL, missing client tools are named with
// the package that brings them.
import { randomBytes } from "node:crypto";
import { readFile, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { create } from "tar";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Db } from "../../../lib/db";
import { createLocalStorage } from "../../../lib/storage";
import { createProduct } from "../../helpers/factories";
import { publishTestRelease } from "../../helpers/releases";
import { runScript } from "../../helpers/run-script";
import { describeEachDatabaseWith } from "../../helpers/test-databases";
import { editManifest, filesIn, newRestoreTarget, repack, runBackup, seedOrdersAndKeys, tempDir, type RestoreTarget, type StoreLocation } from "./backup-helpers";

const FILE_KEY = "releases/product-1/release-1/plugin-1.0.0.zip";
const OTHER_ENGINE = { sqlite: "postgresql", postgresql: "sqlite" } as const;

type Fixture = { location: StoreLocation; workDir: string; archive: string; db: Db };

describeEachDatabaseWith<Fixture>(
  "db:restore refusals",
  {
    setup: async (database) => {
      const workDir = await tempDir("restore-refusals");
      const location = { databaseUrl: database.url, storageDir: path.join(workDir, "files") };
      await seedOrdersAndKeys(database.db, 4);
      const upload = path.join(workDir, "upload.zip");
      await writeFile(upload, randomBytes(4096));
      await createLocalStorage(location.storageDir).putFile(FILE_KEY, upload, { contentType: "application/zip" });
      const archive = path.join(workDir, "store.tar.gz");
      const backup = await runBackup(location, archive);
      if (backup.code !== 0) throw new Error(`db:backup failed: ${backup.stderr}`);
      return { location, workDir, archive, db: database.db };
    },
    teardown: async ({ workDir }) => rm(workDir, { recursive: true, force: true }),
  },
  ({ provider, fixture }) => {
    let target: RestoreTarget;
    beforeAll(async () => {
      target = await newRestoreTarget(provider);
    });
    afterAll(async () => target?.close());

    /** Nothing written: no SQLite file / no table in the PostgreSQL database, no stored file. */
    async function expectTargetUntouched() {
      if (provider === "sqlite") {
        expect(await stat(target.databaseUrl.slice("file:".length)).catch(() => null)).toBeNull();
      } else {
        const tables = await target.db().$queryRawUnsafe<{ n: bigint }[]>("SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = 'public'");
        expect(Number(tables[0]?.n)).toBe(0);
        await target.release();
      }
      expect((await filesIn(target.storageDir)).size).toBe(0);
    }

    async function expectRefused(archive: string, message: RegExp, env: Record<string, string> = {}) {
      const run = await runScript("db/restore.ts", [archive, "--force"], {
        env: { DATABASE_URL: target.databaseUrl, STORAGE_DIR: target.storageDir, S3_BUCKET: undefined, ...env },
      });
      expect(run.stdout).toBe("");
      expect(run.stderr).toMatch(/^Restore failed: /);
      expect(run.stderr).toMatch(message);
      expect(run.code).toBe(1);
      await expectTargetUntouched();
    }

    const variant = (name: string) => path.join(fixture().workDir, name);

    it("a truncated archive", async () => {
      const bytes = await readFile(fixture().archive);
      await writeFile(variant("truncated.tar.gz"), bytes.subarray(0, Math.floor(bytes.length / 2)));
      await expectRefused(variant("truncated.tar.gz"), /Cannot read truncated\.tar\.gz as a CP Store backup \(a \.tar\.gz\)/);
    });

    it("an archive with a damaged byte", async () => {
      const bytes = Buffer.from(await readFile(fixture().archive));
      const at = Math.floor(bytes.length / 2);
      bytes[at] = (bytes[at] ?? 0) ^ 0xff;
      await writeFile(variant("flipped.tar.gz"), bytes);
      await expectRefused(variant("flipped.tar.gz"), /Cannot read flipped\.tar\.gz as a CP Store backup|does not match its checksum/);
    });

    it("a file that is not an archive at all, and a path with no file", async () => {
      await writeFile(variant("random.tar.gz"), randomBytes(10_000));
      await expectRefused(variant("random.tar.gz"), /Cannot read random\.tar\.gz as a CP Store backup/);
      await expectRefused(variant("missing.tar.gz"), /No backup file at .*missing\.tar\.gz/);
    });

    it("a .tar.gz that is not a CP Store backup", async () => {
      const dir = await tempDir("foreign");
      await writeFile(path.join(dir, "README.txt"), "holiday photos\n");
      await create({ gzip: true, cwd: dir, file: variant("foreign.tar.gz") }, ["README.txt"]);
      await rm(dir, { recursive: true });
      await expectRefused(variant("foreign.tar.gz"), /Not a CP Store backup: it has no manifest\.json/);
    });

    it("a backup of the other engine", async () => {
      const other = await repack(fixture().archive, variant("other-engine.tar.gz"), (dir) =>
        editManifest(dir, (manifest) => (manifest.provider = OTHER_ENGINE[provider])),
      );
      const names = { sqlite: "SQLite", postgresql: "PostgreSQL" };
      await expectRefused(other, new RegExp(`holds a ${names[OTHER_ENGINE[provider]]} database; DATABASE_URL points at ${names[provider]}`));
    });

    it("a backup from a newer CP Store: a newer format, or migrations this version lacks", async () => {
      const newerFormat = await repack(fixture().archive, variant("format-2.tar.gz"), (dir) => editManifest(dir, (manifest) => (manifest.formatVersion = 2)));
      await expectRefused(newerFormat, /format version 2; this CP Store reads up to 1/);
      const newerSchema = await repack(fixture().archive, variant("future-migration.tar.gz"), (dir) =>
        editManifest(dir, (manifest) => (manifest.migrations as string[]).push("29991231000000_from_the_future")),
      );
      await expectRefused(newerSchema, /comes from a newer CP Store \(migrations this version does not have: 29991231000000_from_the_future\)/);
    });

    it("a database or a file that does not match its checksum, or a listed file that is missing", async () => {
      const entry = provider === "sqlite" ? "database.sqlite" : "database.pgdump";
      const badDatabase = await repack(fixture().archive, variant("bad-database.tar.gz"), async (dir) => {
        const file = path.join(dir, entry);
        const bytes = await readFile(file);
        bytes[bytes.length - 100] = (bytes[bytes.length - 100] ?? 0) ^ 0x01;
        await writeFile(file, bytes);
      });
      await expectRefused(badDatabase, new RegExp(`The backup is damaged: its database \\(${entry.replace(".", "\\.")}\\) does not match its checksum`));

      const badFile = await repack(fixture().archive, variant("bad-file.tar.gz"), (dir) => writeFile(path.join(dir, "files", ...FILE_KEY.split("/")), "not the release"));
      await expectRefused(badFile, new RegExp(`The backup is damaged: ${FILE_KEY} does not match its checksum`));

      const missingFile = await repack(fixture().archive, variant("missing-file.tar.gz"), (dir) => rm(path.join(dir, "files"), { recursive: true }));
      await expectRefused(missingFile, new RegExp(`The backup is incomplete: ${FILE_KEY} is listed in its manifest but missing`));
    });

    if (provider === "postgresql") {
      it("PostgreSQL without its client tools: the command names the package to install", async () => {
        const { location, workDir } = fixture();
        const backup = await runBackup(location, path.join(workDir, "no-tools.tar.gz"), { PATH: "/nonexistent" });
        expect(backup.code).toBe(1);
        expect(backup.stderr).toMatch(/^Backup failed: pg_dump was not found on PATH\. Install the PostgreSQL client tools: the package postgresql-client/);
        expect(await stat(path.join(workDir, "no-tools.tar.gz")).catch(() => null)).toBeNull();
        await expectRefused(fixture().archive, /pg_restore was not found on PATH\. Install the PostgreSQL client tools: the package postgresql-client \(version \d+ or newer\)/, { PATH: "/nonexistent" });
      });
    }

    it("the untouched archive then restores", async () => {
      const run = await runScript("db/restore.ts", [fixture().archive], { env: { DATABASE_URL: target.databaseUrl, STORAGE_DIR: target.storageDir, S3_BUCKET: undefined } });
      expect(run.stderr).toBe("");
      expect(run.code).toBe(0);
      expect(await target.db().license.count()).toBe(4);
      expect([...(await filesIn(target.storageDir)).keys()]).toEqual([path.join(...FILE_KEY.split("/"))]);
    });

    it("a backup warns about release files the database names but the storage directory lacks", async () => {
      const { db, location, workDir } = fixture();
      // Stored by the test process's own storage, not in this store's directory.
      const { release } = await publishTestRelease(db, { product: await createProduct(db), version: "1.0.0" });
      const backup = await runBackup(location, path.join(workDir, "missing-release.tar.gz"));
      expect(backup.code, backup.stderr).toBe(0);
      expect(backup.stdout).toContain(`warning:    1 release file(s) named by the database are missing from storage, e.g. ${release.storageKey}`);
    });
  },
);
