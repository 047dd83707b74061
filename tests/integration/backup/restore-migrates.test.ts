// A backup taken by an older CP Store (its database lacks this version's newest migration)
// restores, then `db:restore` applies the missing migration, on SQLite and PostgreSQL. The older
// database is built the way `prisma migrate deploy` would have left it: every committed migration
// but the last, each recorded in _prisma_migrations with its checksum.
import Database from "better-sqlite3";
import { createHash, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { committedMigrations } from "../../../lib/backup/migrations";
import type { DatabaseProvider } from "../../../lib/db/url";
import { createScratchPostgres, postgresServerUrl, REPO_ROOT, withPostgres } from "../../../scripts/db/check";
import { describeEachDatabaseWith } from "../../helpers/test-databases";
import { newRestoreTarget, readManifest, runBackup, runRestore, tempDir, type RestoreTarget } from "./backup-helpers";

const MIGRATIONS_TABLE = {
  sqlite: `CREATE TABLE "_prisma_migrations" ("id" TEXT PRIMARY KEY NOT NULL, "checksum" TEXT NOT NULL, "finished_at" DATETIME,
    "migration_name" TEXT NOT NULL, "logs" TEXT, "rolled_back_at" DATETIME, "started_at" DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count" INTEGER UNSIGNED NOT NULL DEFAULT 0)`,
  postgresql: `CREATE TABLE "_prisma_migrations" (id VARCHAR(36) PRIMARY KEY NOT NULL, checksum VARCHAR(64) NOT NULL, finished_at TIMESTAMPTZ,
    migration_name VARCHAR(255) NOT NULL, logs TEXT, rolled_back_at TIMESTAMPTZ, started_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_steps_count INTEGER NOT NULL DEFAULT 0)`,
};

/** The SQL and checksum of each committed migration but the newest. */
function olderMigrations(provider: DatabaseProvider) {
  return committedMigrations(provider)
    .slice(0, -1)
    .map((name) => {
      const sql = readFileSync(path.join(REPO_ROOT, "prisma", provider, "migrations", name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

/** A database as an older CP Store left it; returns its URL and how to remove it. */
async function olderDatabase(provider: DatabaseProvider, dir: string): Promise<{ url: string; drop(): Promise<void> }> {
  const migrations = olderMigrations(provider);
  const record = `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count) VALUES`;
  if (provider === "sqlite") {
    const file = path.join(dir, "older.db");
    const db = new Database(file);
    db.pragma("journal_mode = WAL");
    db.exec(MIGRATIONS_TABLE.sqlite);
    for (const migration of migrations) {
      db.exec(migration.sql);
      db.prepare(`${record} (?, ?, ?, ?, 1)`).run(randomUUID(), migration.checksum, new Date().toISOString(), migration.name);
    }
    db.close();
    return { url: `file:${file}`, drop: async () => {} };
  }
  const scratch = await createScratchPostgres(postgresServerUrl(), "cp_store_older");
  await withPostgres(scratch.url, async (client) => {
    await client.query(MIGRATIONS_TABLE.postgresql);
    for (const migration of migrations) {
      await client.query(migration.sql);
      await client.query(`${record} ($1, $2, now(), $3, 1)`, [randomUUID(), migration.checksum, migration.name]);
    }
  });
  return { url: scratch.url, drop: scratch.drop };
}

describeEachDatabaseWith(
  "db:restore of an older store's backup",
  { setup: async (database) => database },
  ({ provider }) => {
    let dir: string;
    let older: { url: string; drop(): Promise<void> };
    let target: RestoreTarget;
    beforeAll(async () => {
      dir = await tempDir("restore-migrates");
      older = await olderDatabase(provider, dir);
      target = await newRestoreTarget(provider);
    });
    afterAll(async () => {
      await target?.close();
      await older?.drop();
      await rm(dir, { recursive: true, force: true });
    });

    it("restores it and applies the migrations it lacks", async () => {
      const archive = path.join(dir, "older.tar.gz");
      const backup = await runBackup({ databaseUrl: older.url, storageDir: path.join(dir, "files") }, archive);
      expect(backup.code, backup.stderr).toBe(0);
      const all = committedMigrations(provider);
      const newest = all.at(-1) ?? "";
      expect((await readManifest(archive)).migrations).toEqual(all.slice(0, -1));

      const restore = await runRestore(target, archive);
      expect(restore.stderr).toBe("");
      expect(restore.code).toBe(0);
      expect(restore.stdout).toContain(`migrations: ${all.length - 1} from the backup, then applied ${newest}`);
      const applied = await target.db().$queryRawUnsafe<{ migration_name: string }[]>(
        `SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL ORDER BY migration_name`,
      );
      expect(applied.map((row) => row.migration_name)).toEqual(all);
      expect(await target.db().license.count()).toBe(0); // the newest schema answers the app's queries
    });
  },
);
