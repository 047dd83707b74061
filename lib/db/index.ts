// The one Prisma client of the app. DATABASE_URL picks the engine: SQLite (embedded, default) or
// PostgreSQL. Both generated clients come from the same schema source, so their model types are
// identical and the app is typed against one of them.
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient as PostgresClient } from "./generated/postgresql/client";
import { PrismaClient as SqliteClient } from "./generated/sqlite/client";
import { getEnv } from "../env";
import { createSqlExecutor, type SqlExecutor } from "./sql";
import type { DatabaseProvider, DatabaseTarget } from "./url";

export type Db = SqliteClient;
export type { DatabaseProvider };
export { Prisma } from "./generated/sqlite/client";
export type { Activation, ApiKey, AuditEvent, License, Order, OrderItem, Product, Setting, StripeEvent, User } from "./generated/sqlite/client";

/** A transaction client, or the client itself: what domain functions accept. */
export type DbClient = Omit<Db, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;

/** SQLite waits this long for a lock held by another process (a CLI command, a second server). */
const SQLITE_BUSY_TIMEOUT_MS = 5000;

/** Each client's database, so its raw SQL executor (the Verify hot path) opens the same one. */
const clientTargets = new WeakMap<object, DatabaseTarget>();
const clientExecutors = new WeakMap<object, SqlExecutor>();

export function createDb(target: DatabaseTarget): Db {
  const client =
    target.provider === "postgresql"
      ? (new PostgresClient({ adapter: new PrismaPg({ connectionString: target.url, max: 10 }) }) as unknown as Db)
      : new SqliteClient({ adapter: new PrismaBetterSQLite3({ url: target.file, timeout: SQLITE_BUSY_TIMEOUT_MS }) });
  clientTargets.set(client, target);
  // $disconnect also closes the raw connection, so callers have one thing to close.
  const disconnect = client.$disconnect.bind(client);
  client.$disconnect = async () => {
    await clientExecutors.get(client)?.close();
    clientExecutors.delete(client);
    await disconnect();
  };
  return client;
}

const globalForDb = globalThis as unknown as { cpStoreDb?: { db: Db; provider: DatabaseProvider } };

function instance() {
  if (!globalForDb.cpStoreDb) {
    const target = getEnv().database;
    globalForDb.cpStoreDb = { db: createDb(target), provider: target.provider };
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
  const real = client === db ? instance().db : client;
  let executor = clientExecutors.get(real);
  if (!executor) {
    const target = clientTargets.get(real);
    if (!target) throw new Error("sqlFor: this client was not made by createDb");
    executor = createSqlExecutor(target);
    clientExecutors.set(real, executor);
  }
  return executor;
}

export function databaseProvider(): DatabaseProvider {
  return instance().provider;
}
