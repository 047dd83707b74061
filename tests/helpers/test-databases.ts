// Real databases for integration tests: always a fresh SQLite file, and a fresh PostgreSQL
// database when a server answers at TEST_POSTGRES_URL (required when CI=true or
// REQUIRE_POSTGRES=1; otherwise skipped, loudly). Each database is a copy of a template that
// `prisma migrate deploy` built once per version of the migrations folder, so a test file pays
// milliseconds per database instead of a CLI run.
import { createHash, randomBytes } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe } from "vitest";
import { createDb, type Db } from "../../lib/db";
import type { DatabaseProvider } from "../../lib/db/url";
import {
  REPO_ROOT,
  createScratchPostgres,
  postgresRequired,
  postgresServerUrl,
  postgresUnavailableReason,
  withPostgres,
} from "../../scripts/db/check";
import { migrateDatabase } from "../../scripts/db/migrate";

export type TestDatabase = {
  provider: DatabaseProvider;
  url: string;
  db: Db;
  /** Disconnects and deletes the database. */
  close(): Promise<void>;
};

/** Changes whenever a migration is added or edited, so a stale template is never reused. */
function migrationsVersion(provider: DatabaseProvider): string {
  const dir = path.join(REPO_ROOT, "prisma", provider, "migrations");
  const hash = createHash("sha256");
  for (const name of readdirSync(dir, { recursive: true }).map(String).sort()) {
    const file = path.join(dir, name);
    if (statSync(file).isFile()) hash.update(name).update(readFileSync(file));
  }
  return hash.digest("hex").slice(0, 16);
}

function sqliteTemplate(): string {
  const dir = path.join(os.tmpdir(), "cp-store-test-templates");
  const template = path.join(dir, `sqlite-${migrationsVersion("sqlite")}.db`);
  if (existsSync(template)) return template;
  mkdirSync(dir, { recursive: true });
  const building = `${template}.${randomBytes(4).toString("hex")}.tmp`;
  migrateDatabase({ provider: "sqlite", url: `file:${building}`, file: building });
  renameSync(building, template); // atomic: a parallel run sees the whole file or none
  return template;
}

async function openSqlite(): Promise<TestDatabase> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "cp-store-test-"));
  const file = path.join(dir, "test.db");
  copyFileSync(sqliteTemplate(), file);
  const db = createDb({ provider: "sqlite", url: `file:${file}`, file });
  const close = async () => {
    await db.$disconnect();
    rmSync(dir, { recursive: true, force: true });
  };
  return { provider: "sqlite", url: `file:${file}`, db, close };
}

const TEMPLATE_PREFIX = "cp_store_test_template_";

/**
 * Clones the migrated PostgreSQL template, building it first if needed. Runs under an advisory
 * lock: parallel test processes must not build the same template twice, and PostgreSQL refuses
 * to clone a template while another session is connected to it.
 */
async function clonePostgresTemplate(serverUrl: string) {
  const template = `${TEMPLATE_PREFIX}${migrationsVersion("postgresql")}`;
  return withPostgres(serverUrl, async (lock) => {
    await lock.query("SELECT pg_advisory_lock(hashtext('cp-store-test-template'))"); // freed on disconnect
    const { rowCount } = await lock.query("SELECT 1 FROM pg_database WHERE datname = $1", [template]);
    if (!rowCount) {
      // Old versions would pile up on a developer's server; one in use elsewhere just stays.
      const { rows } = await lock.query<{ datname: string }>(
        "SELECT datname FROM pg_database WHERE datname LIKE $1",
        [`${TEMPLATE_PREFIX}%`],
      );
      for (const { datname } of rows) await lock.query(`DROP DATABASE IF EXISTS "${datname}"`).catch(() => {});
      // Built under another name and renamed, so a crash never leaves a half-migrated template.
      const building = await createScratchPostgres(serverUrl, "cp_store_test_building");
      try {
        migrateDatabase({ provider: "postgresql", url: building.url });
        await lock.query(`ALTER DATABASE "${building.name}" RENAME TO "${template}"`);
      } catch (error) {
        await building.drop();
        throw error;
      }
    }
    return createScratchPostgres(serverUrl, "cp_store_test", template);
  });
}

async function openPostgres(): Promise<TestDatabase> {
  const scratch = await clonePostgresTemplate(postgresServerUrl());
  const db = createDb({ provider: "postgresql", url: scratch.url });
  const close = async () => {
    await db.$disconnect();
    await scratch.drop();
  };
  return { provider: "postgresql", url: scratch.url, db, close };
}

/** A fresh, migrated database of one provider. */
export function openTestDatabase(provider: DatabaseProvider): Promise<TestDatabase> {
  return provider === "sqlite" ? openSqlite() : openPostgres();
}

let postgresProbe: Promise<string | null> | undefined;
let warned = false;

/**
 * Why the PostgreSQL tests are skipped, or null when they run. Throws when PostgreSQL is
 * required (CI=true or REQUIRE_POSTGRES=1) but unreachable: CI must never pass on SQLite alone.
 */
export async function postgresSkipReason(): Promise<string | null> {
  postgresProbe ??= postgresUnavailableReason(postgresServerUrl());
  const reason = await postgresProbe;
  if (reason === null) return null;
  const server = new URL(postgresServerUrl()).host; // no credentials in logs
  if (postgresRequired()) {
    throw new Error(`PostgreSQL is required (CI=true or REQUIRE_POSTGRES=1) but ${server} is unreachable: ${reason}`);
  }
  if (!warned) {
    console.warn(`\n⚠ PostgreSQL tests SKIPPED: ${server} is unreachable (${reason}). Set TEST_POSTGRES_URL.\n`);
    warned = true;
  }
  return reason;
}

/** Every database the tests should run against: SQLite, plus PostgreSQL when reachable. */
export async function openTestDatabases(): Promise<TestDatabase[]> {
  const databases = [await openTestDatabase("sqlite")];
  if ((await postgresSkipReason()) === null) databases.push(await openTestDatabase("postgresql"));
  return databases;
}

/** A value set up in a block's beforeAll; reading it outside tests and hooks is a mistake. */
function available<T>(value: T | undefined): T {
  if (value === undefined) throw new Error("only available inside tests and hooks");
  return value;
}

/**
 * Defines the same tests once per database, in blocks named `[sqlite]` and `[postgresql]`. Each
 * block opens its database (and then `setup`'s fixture, e.g. a server on it) before its tests and
 * tears both down after them. When PostgreSQL is unreachable (outside CI) its block is
 * `describe.skip`, so the run's summary shows the skipped tests.
 */
export function describeEachDatabaseWith<Fixture>(
  title: string,
  fixture: { setup: (database: TestDatabase) => Promise<Fixture>; teardown?: (fixture: Fixture) => Promise<void> },
  define: (block: { provider: DatabaseProvider; database: () => TestDatabase; fixture: () => Fixture }) => void,
): void {
  describe(title, async () => {
    const postgresSkipped = (await postgresSkipReason()) !== null;
    for (const provider of ["sqlite", "postgresql"] as const) {
      const block = provider === "postgresql" && postgresSkipped ? describe.skip : describe;
      block(`[${provider}]`, () => {
        let database: TestDatabase | undefined;
        let value: Fixture | undefined;
        beforeAll(async () => {
          database = await openTestDatabase(provider);
          value = await fixture.setup(database);
        });
        afterAll(async () => {
          if (value !== undefined) await fixture.teardown?.(value);
          await database?.close();
        });
        define({ provider, database: () => available(database), fixture: () => available(value) });
      });
    }
  });
}

/** describeEachDatabaseWith and nothing else: `getDb()` returns the block's database. */
export function describeEachDatabase(
  title: string,
  define: (getDb: () => Db, provider: DatabaseProvider) => void,
): void {
  describeEachDatabaseWith(title, { setup: async () => null }, ({ provider, database }) => define(() => database().db, provider));
}
