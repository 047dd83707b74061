// The one Prisma client of the app. DATABASE_URL picks the engine: SQLite (embedded, default) or
// PostgreSQL. Both generated clients come from the same schema source, so their model types are
// identical and the app is typed against one of them.
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient as PostgresClient } from "./generated/postgresql/client";
import { PrismaClient as SqliteClient } from "./generated/sqlite/client";
import { getEnv } from "../env";
import type { DatabaseProvider, DatabaseTarget } from "./url";

export type Db = SqliteClient;
export type { DatabaseProvider };
export { Prisma } from "./generated/sqlite/client";
export type { Activation, ApiKey, AuditEvent, License, Order, OrderItem, Product, Setting, StripeEvent, User } from "./generated/sqlite/client";

/** A transaction client, or the client itself: what domain functions accept. */
export type DbClient = Omit<Db, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;

/** SQLite waits this long for a lock held by another process (a CLI command, a second server). */
const SQLITE_BUSY_TIMEOUT_MS = 5000;

export function createDb(target: DatabaseTarget): Db {
  if (target.provider === "postgresql") {
    const adapter = new PrismaPg({ connectionString: target.url, max: 10 });
    return new PostgresClient({ adapter }) as unknown as Db;
  }
  const adapter = new PrismaBetterSQLite3({ url: target.file, timeout: SQLITE_BUSY_TIMEOUT_MS });
  return new SqliteClient({ adapter });
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

export function databaseProvider(): DatabaseProvider {
  return instance().provider;
}
