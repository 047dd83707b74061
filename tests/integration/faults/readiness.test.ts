// GET /api/health/ready through the real server, on both databases: ready only when the database
// answers, every migration this version ships is applied and none failed, and storage answers;
// otherwise a 503 naming the check that failed, with nothing in it but check names and words (no
// path, no URL, no migration name). /api/health stays the liveness probe.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callApi } from "../../helpers/license-api-server";
import { startStoreServer, type StoreServer } from "../../helpers/store-server";
import { describeEachDatabaseWith, openTestDatabase, type TestDatabase } from "../../helpers/test-databases";

type Readiness = { status: string; checks: Record<string, string> };

const READY = { status: "ready", checks: { database: "ok", migrations: "ok", storage: "ok", redis: "not configured" } };

const ready = (server: StoreServer) => callApi<Readiness>(server, "/api/health/ready");

describeEachDatabaseWith(
  "Readiness",
  { setup: (database) => startStoreServer({ databaseUrl: database.url }), teardown: (server) => server.stop() },
  ({ database, fixture: server }) => {
    /** Changes the newest applied migration's row in the ledger for one check, and puts it back. */
    async function withMigrationRow(change: "unapplied" | "failed", check: () => Promise<void>) {
      const db = database().db;
      const [newest] = await db.$queryRaw<{ migration_name: string; finished_at: unknown }[]>`
        SELECT migration_name, finished_at FROM _prisma_migrations ORDER BY migration_name DESC LIMIT 1`;
      if (!newest) throw new Error("no migrations applied");
      const name = newest.migration_name;
      const moved = `${name}_moved`;
      const finishedAt = newest.finished_at instanceof Date ? newest.finished_at : new Date(String(newest.finished_at));
      if (change === "unapplied") await db.$executeRaw`UPDATE _prisma_migrations SET migration_name = ${moved} WHERE migration_name = ${name}`;
      else await db.$executeRaw`UPDATE _prisma_migrations SET finished_at = NULL WHERE migration_name = ${name}`;
      try {
        await check();
      } finally {
        await db.$executeRaw`UPDATE _prisma_migrations SET migration_name = ${name}, finished_at = ${finishedAt} WHERE migration_name IN (${name}, ${moved})`;
      }
    }

    it("answers 200 ready with every check ok (Redis not configured), and /api/health stays the liveness probe", async () => {
      const answer = await ready(server());
      expect(answer.status, answer.text).toBe(200);
      expect(answer.json).toEqual(READY);
      expect(answer.headers.get("cache-control")).toBe("no-store");
      expect((await callApi(server(), "/api/health")).status).toBe(200);
      expect((await callApi(server(), "/api/health/ready", { method: "POST", body: "" })).status).toBe(405);
    });

    it("answers 503 while a shipped migration is not applied, naming only the count, and 200 once it is", async () => {
      await withMigrationRow("unapplied", async () => {
        const answer = await ready(server());
        expect(answer.status).toBe(503);
        expect(answer.json).toEqual({ status: "not ready", checks: { ...READY.checks, migrations: "1 pending" } });
        expect((await callApi(server(), "/api/health")).status).toBe(200); // alive all the same
      });
      expect((await ready(server())).json).toEqual(READY);
    });

    it("answers 503 while a migration is left failed half-way", async () => {
      await withMigrationRow("failed", async () => {
        const answer = await ready(server());
        expect(answer.status).toBe(503);
        expect(answer.json).toEqual({ status: "not ready", checks: { ...READY.checks, migrations: "failed" } });
      });
      expect((await ready(server())).status).toBe(200);
    });
  },
);

describe("Readiness with storage that cannot be written", () => {
  let database: TestDatabase;
  let server: StoreServer;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "cp-ready-"));
    // A directory can never be made under a file: the local storage check fails whoever runs it.
    writeFileSync(path.join(dir, "file"), "");
    database = await openTestDatabase("sqlite");
    server = await startStoreServer({ databaseUrl: database.url, env: { STORAGE_DIR: path.join(dir, "file", "storage") } });
  });
  afterAll(async () => {
    await server?.stop();
    await database?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("answers 503 naming storage, without the path", async () => {
    const answer = await ready(server);
    expect(answer.status).toBe(503);
    expect(answer.json).toEqual({ status: "not ready", checks: { ...READY.checks, storage: "failed" } });
    expect(answer.text).not.toContain(dir);
    expect(server.stdout()).toMatch(/"check":"storage".*"msg":"readiness check failed"/);
  });
});
