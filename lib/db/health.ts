// The store's health, for load balancers and monitors. Liveness (GET /api/health): the database
// answers. Readiness (GET /api/health/ready): this instance can serve, i.e. the database answers,
// every migration this version ships is applied, file storage answers, Redis answers when
// configured, and the process is not shutting down. Answers name the check that failed and never
// carry a secret, a URL or a path; the reason goes to the log.
import { readdirSync } from "node:fs";
import path from "node:path";
import { pingRateLimitRedis } from "../http/rate-limit";
import { logger } from "../observability/logger";
import { getStorage } from "../storage";
import { databaseProvider, db, type DatabaseProvider } from "./index";
import { isDatabaseUnavailable, logDatabaseUnavailable } from "./unavailable";

const log = () => logger.child({ component: "health" });

/** Whether the database answers a trivial query. Errors are logged, never returned to the caller. */
export async function checkDatabase(): Promise<{ ok: boolean; provider: DatabaseProvider }> {
  const provider = databaseProvider();
  try {
    await db.$queryRaw`SELECT 1`;
    return { ok: true, provider };
  } catch (error) {
    // An outage is logged at most every 10 s, however often the probes come.
    if (isDatabaseUnavailable(error)) logDatabaseUnavailable(log(), error);
    else log().error({ err: error instanceof Error ? error.message : String(error) }, "database check failed");
    return { ok: false, provider };
  }
}

// ---- Draining ----

// Set by server/shutdown.ts, read by the readiness route in the Next.js bundle: one flag per
// process under a global symbol, seen by every copy of this module.
const DRAINING = Symbol.for("cp-store.draining");
const flags = globalThis as { [DRAINING]?: boolean };

/** From now on readiness answers 503: the load balancer stops sending new requests here. */
export function markDraining(): void {
  flags[DRAINING] = true;
}

export const isDraining = (): boolean => flags[DRAINING] === true;

// ---- Readiness ----

/** What a check found: "ok", "not configured" (optional and off), or why it failed, in a word or two. */
export type CheckResult = "ok" | "not configured" | "failed" | "timed out" | "not checked" | `${number} pending`;

export type Readiness = {
  status: "ready" | "not ready" | "draining";
  checks: { database: CheckResult; migrations: CheckResult; storage: CheckResult; redis: CheckResult };
};

/** A probe must answer even when a dependency hangs: each check gets this long. */
const CHECK_TIMEOUT_MS = 2000;

const TIMED_OUT = Symbol("timed out");

async function check(name: string, work: () => Promise<CheckResult>): Promise<CheckResult> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<typeof TIMED_OUT>((resolve) => (timer = setTimeout(() => resolve(TIMED_OUT), CHECK_TIMEOUT_MS)));
  try {
    const result = await Promise.race([work(), timeout]);
    if (result !== TIMED_OUT) return result;
    log().warn({ check: name }, "readiness check timed out");
    return "timed out";
  } catch (error) {
    const database = name === "database" || name === "migrations";
    if (database && isDatabaseUnavailable(error)) logDatabaseUnavailable(log(), error);
    else log().warn({ check: name, err: error instanceof Error ? error.message : String(error) }, "readiness check failed");
    return "failed";
  } finally {
    clearTimeout(timer);
  }
}

let committed: { provider: DatabaseProvider; names: string[] } | undefined;

/** The migrations this version ships for `provider` (prisma/<provider>/migrations), read once. */
function committedMigrations(provider: DatabaseProvider): string[] {
  if (committed?.provider !== provider) {
    const dir = path.join(process.cwd(), "prisma", provider, "migrations");
    const names = readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name);
    committed = { provider, names };
  }
  return committed.names;
}

/**
 * Every shipped migration is applied, and none is left failed half-way. A migration the database
 * has and this version does not know is fine: a newer version migrated first during a rolling
 * upgrade, and migrations add before they remove, so this version still works.
 */
async function checkMigrations(): Promise<CheckResult> {
  const rows = await db.$queryRaw<{ migration_name: string; finished_at: unknown; rolled_back_at: unknown }[]>`
    SELECT migration_name, finished_at, rolled_back_at FROM _prisma_migrations`;
  if (rows.some((row) => row.finished_at === null && row.rolled_back_at === null)) {
    log().error("a migration failed or is still running (see _prisma_migrations); run npm run db:migrate after fixing it");
    return "failed";
  }
  const applied = new Set(rows.filter((row) => row.finished_at !== null && row.rolled_back_at === null).map((row) => row.migration_name));
  const pending = committedMigrations(databaseProvider()).filter((name) => !applied.has(name));
  if (pending.length === 0) return "ok";
  log().error({ pending }, "migrations not applied: run npm run db:migrate");
  return `${pending.length} pending`;
}

/** Runs every readiness check at once (each bounded in time). */
export async function checkReadiness(): Promise<Readiness> {
  const notChecked = { database: "not checked", migrations: "not checked", storage: "not checked", redis: "not checked" } as const;
  if (isDraining()) return { status: "draining", checks: notChecked };
  const database = check("database", async () => {
    await db.$queryRaw`SELECT 1`;
    return "ok";
  });
  const [databaseResult, migrations, storage, redis] = await Promise.all([
    database,
    // Without a database there is nothing to compare.
    database.then((result) => (result === "ok" ? check("migrations", checkMigrations) : "not checked")),
    check("storage", async () => {
      await getStorage().check();
      return "ok";
    }),
    check("redis", async () => {
      const answered = await pingRateLimitRedis();
      return answered === null ? "not configured" : answered ? "ok" : "failed";
    }),
  ]);
  const checks = { database: databaseResult, migrations, storage, redis };
  const ready = Object.values(checks).every((result) => result === "ok" || result === "not configured") && !isDraining();
  return { status: ready ? "ready" : isDraining() ? "draining" : "not ready", checks };
}
