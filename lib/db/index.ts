// The one Prisma client of the app. DATABASE_URL picks the engine: SQLite (embedded, default) or
// PostgreSQL. Both generated clients come from the same schema source, so their model types are
// identical and the app is typed against one of them.
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { registerPoolMetrics } from "../observability/metrics";
import { PrismaClient as PostgresClient } from "./generated/postgresql/client";
import { PrismaClient as SqliteClient } from "./generated/sqlite/client";
import { getEnv } from "../env";
import { createSqlExecutor, postgresPoolConfig, type SqlExecutor } from "./sql";
import { TurnTakingSqliteAdapter, writerTurnsFor } from "./sqlite-turns";
import type { DatabaseProvider, DatabaseTarget } from "./url";

export type Db = SqliteClient;
export type { DatabaseProvider };
export { Prisma } from "./generated/sqlite/client";
export type { Activation, ApiKey, AuditEvent, EmailMessage, License, Order, OrderItem, Product, Setting, StripeEvent, User } from "./generated/sqlite/client";

/** A transaction client, or the client itself: what domain functions accept. */
export type DbClient = Omit<Db, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;

/** SQLite waits this long for a lock held by another process (a CLI command, a second server). */
const SQLITE_BUSY_TIMEOUT_MS = 5000;

/**
 * Each client carries its database target and (once opened) its raw SQL executor under global
 * symbols, so the same client is understood by every copy of this module in the process (the
 * Next.js bundle and server/main.ts load their own).
 */
const TARGET = Symbol.for("cp-store.db.target");
const EXECUTOR = Symbol.for("cp-store.db.sql");
const OPTIONS = Symbol.for("cp-store.db.options");
type Tagged = { [TARGET]?: DatabaseTarget; [EXECUTOR]?: SqlExecutor; [OPTIONS]?: CreateDbOptions };

export type CreateDbOptions = {
  /**
   * For the server: requests fail within ~2 s when PostgreSQL is stopped or unreachable (1 s to
   * connect or to wait for a pooled connection, a limit per statement) instead of hanging, and
   * recover by themselves when it is back. Scripts leave it off: a fixture or a restore may run
   * one long statement.
   */
  failFast?: boolean;
};

/**
 * The limit per Prisma statement in the server (pages, the server API, the lean path's rarer
 * endpoints): far above what a request's statements take (the admin pages aim for well under a
 * second at a million keys), and equal to Prisma's own default for a whole interactive
 * transaction. A request held up by an unreachable database fails after this; Verify's own
 * statements (lib/db/sql.ts) give up sooner.
 */
const PRISMA_QUERY_TIMEOUT_MS = 5000;

function postgresAdapter(url: string, failFast: boolean): PrismaPg {
  const config = postgresPoolConfig(url, { failFast, queryTimeoutMs: PRISMA_QUERY_TIMEOUT_MS });
  if (!failFast) return new PrismaPg(config);
  // The server's pool is made here, not by the adapter, so /metrics can show its use. Disposed
  // with the client; a client used again after $disconnect opens a new one from the same config.
  const pool = new pg.Pool(config);
  registerPoolMetrics("prisma", pool);
  return new PrismaPg(pool, { disposeExternalPool: true });
}

export function createDb(target: DatabaseTarget, options: CreateDbOptions = {}): Db {
  const failFast = options.failFast ?? false;
  const client =
    target.provider === "postgresql"
      ? (new PostgresClient({ adapter: postgresAdapter(target.url, failFast) }) as unknown as Db)
      : new SqliteClient({
          adapter: new TurnTakingSqliteAdapter({ url: target.file, timeout: SQLITE_BUSY_TIMEOUT_MS }, writerTurnsFor(target.file)),
        });
  const tagged = client as Db & Tagged;
  tagged[TARGET] = target;
  tagged[OPTIONS] = options;
  // $disconnect also closes the raw connection, so callers have one thing to close.
  const disconnect = client.$disconnect.bind(client);
  client.$disconnect = async () => {
    await tagged[EXECUTOR]?.close();
    delete tagged[EXECUTOR];
    await disconnect();
  };
  return client;
}

const globalForDb = globalThis as unknown as { cpStoreDb?: { db: Db; provider: DatabaseProvider } };

function instance() {
  if (!globalForDb.cpStoreDb) {
    const target = getEnv().database;
    globalForDb.cpStoreDb = { db: createDb(target, { failFast: true }), provider: target.provider };
  }
  return globalForDb.cpStoreDb;
}

/** The shared client, created on first use (never at import: `next build` imports this file). */
export const db: Db = new Proxy({} as Db, {
  get(_target, property) {
    const client = instance().db;
    const value: unknown = Reflect.get(client, property);
    return typeof value === "function" ? value.bind(client) : value;
  },
});

/**
 * The raw SQL executor over the same database as `client` (lib/db/sql.ts): prepared statements
 * for the few queries on the Verify hot path, where Prisma's per-query cost dominates.
 */
export function sqlFor(client: Db): SqlExecutor {
  const real = (client === db ? instance().db : client) as Db & Tagged;
  if (!real[EXECUTOR]) {
    const target = real[TARGET];
    if (!target) throw new Error("sqlFor: this client was not made by createDb");
    real[EXECUTOR] = createSqlExecutor(target, { failFast: real[OPTIONS]?.failFast });
  }
  return real[EXECUTOR];
}

export function databaseProvider(): DatabaseProvider {
  return instance().provider;
}

/** The engine behind a client made by createDb (or the shared one). */
export function providerOf(client: Db): DatabaseProvider {
  if (client === db) return instance().provider;
  const target = (client as Db & Tagged)[TARGET];
  if (!target) throw new Error("providerOf: this client was not made by createDb");
  return target.provider;
}
