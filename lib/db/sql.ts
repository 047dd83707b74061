// A minimal SQL executor over the raw drivers (better-sqlite3, pg) for the few statements on the
// Verify hot path. Prisma's query engine costs ~1-2 ms per query here; a prepared statement costs
// tens of microseconds. SQL is written once with `?` placeholders and quoted identifiers, valid
// on both SQLite and PostgreSQL; values are normalised to what Prisma itself stores.
import Database from "better-sqlite3";
import { createHash } from "node:crypto";
import pg from "pg";
import { logger } from "../observability/logger";
import { registerPoolMetrics } from "../observability/metrics";
import { takeTurn, writerTurnsFor } from "./sqlite-turns";
import { isDatabaseUnavailable } from "./unavailable";
import type { DatabaseProvider, DatabaseTarget } from "./url";

export type SqlValue = string | number | boolean | Date | null;
export type SqlRow = Record<string, unknown>;

export interface SqlExecutor {
  readonly provider: DatabaseProvider;
  /** First row, or undefined. */
  one<T extends SqlRow>(sql: string, params?: SqlValue[]): Promise<T | undefined>;
  /** Rows changed. */
  run(sql: string, params?: SqlValue[]): Promise<number>;
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Reads a timestamp column (SQLite: Prisma's ISO text; PostgreSQL: Date via the parser below). */
export function asDate(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  return value instanceof Date ? value : new Date(String(value));
}

export const asBoolean = (value: unknown) => value === true || value === 1;

// ---- SQLite ----

/** Prisma's SQLite format: ISO 8601 with an explicit +00:00 offset. */
const sqliteValue = (value: SqlValue) =>
  value instanceof Date ? value.toISOString().replace("Z", "+00:00") : typeof value === "boolean" ? Number(value) : value;

function createSqliteExecutor(file: string): SqlExecutor {
  const database = new Database(file, { timeout: 5000 });
  database.pragma("journal_mode = WAL");
  const statements = new Map<string, Database.Statement>();
  const prepare = (sql: string) => {
    let statement = statements.get(sql);
    if (!statement) statements.set(sql, (statement = database.prepare(sql)));
    return statement;
  };
  // Writes take turns with Prisma's connection to the same file (sqlite-turns.ts). Reads need not:
  // in WAL mode they see the last commit, except during this connection's own transaction, when
  // they would join it, so they wait for that one. Each wait loop is inline, so the check and the
  // statement (or the BEGIN) run in the same tick and no two callers pass together.
  const turns = writerTurnsFor(file);
  const direct = {
    one: <T extends SqlRow>(sql: string, params: SqlValue[] = []) => prepare(sql).get(...params.map(sqliteValue)) as T | undefined,
    run: (sql: string, params: SqlValue[] = []) => prepare(sql).run(...params.map(sqliteValue)).changes,
  };
  const inTransaction: SqlExecutor = {
    provider: "sqlite",
    one: async <T extends SqlRow>(sql: string, params?: SqlValue[]) => direct.one<T>(sql, params),
    run: async (sql, params) => direct.run(sql, params),
    transaction: (work) => work(inTransaction),
    close: async () => undefined,
  };
  return {
    provider: "sqlite",
    async one<T extends SqlRow>(sql: string, params?: SqlValue[]) {
      while (turns.held && turns.holder === "sql") await turns.held;
      return direct.one<T>(sql, params);
    },
    async run(sql, params) {
      while (turns.held) await turns.held;
      return direct.run(sql, params);
    },
    async transaction(work) {
      const release = await takeTurn(turns, "sql");
      try {
        // IMMEDIATE takes the write lock up front: no deadlock upgrading a read lock later.
        database.exec("BEGIN IMMEDIATE");
        try {
          const result = await work(inTransaction);
          database.exec("COMMIT");
          return result;
        } catch (error) {
          database.exec("ROLLBACK");
          throw error;
        }
      } finally {
        release();
      }
    },
    close: async () => {
      database.close();
    },
  };
}

// ---- PostgreSQL ----

const TIMESTAMP_OID = 1114;
/** Prisma stores UTC wall-clock time in `timestamp(3)` (without time zone). */
const pgValue = (value: SqlValue) => (value instanceof Date ? value.toISOString().replace("T", " ").replace("Z", "") : value);
const types = {
  getTypeParser: ((oid: number, format?: string) =>
    oid === TIMESTAMP_OID ? (text: string) => new Date(`${text.replace(" ", "T")}Z`) : pg.types.getTypeParser(oid, format as "text")) as typeof pg.types.getTypeParser,
};

function toPgSql(sql: string): string {
  let index = 0;
  return sql.replace(/\?/g, () => `$${++index}`);
}

function createPgExecutor(pool: pg.Pool): SqlExecutor {
  const texts = new Map<string, { name: string; text: string }>();
  const statement = (sql: string) => {
    let prepared = texts.get(sql);
    if (!prepared) {
      prepared = { name: `cp_${createHash("sha1").update(sql).digest("hex").slice(0, 16)}`, text: toPgSql(sql) };
      texts.set(sql, prepared);
    }
    return prepared;
  };
  const over = (client: pg.Pool | pg.PoolClient): Omit<SqlExecutor, "transaction" | "close"> => ({
    provider: "postgresql",
    async one<T extends SqlRow>(sql: string, params: SqlValue[] = []): Promise<T | undefined> {
      const result = await client.query({ ...statement(sql), values: params.map(pgValue), types });
      return result.rows[0] as T | undefined;
    },
    async run(sql: string, params: SqlValue[] = []) {
      return (await client.query({ ...statement(sql), values: params.map(pgValue), types })).rowCount ?? 0;
    },
  });
  return {
    ...over(pool),
    async transaction(work) {
      const client = await pool.connect();
      // A checked-out client has no listener of its own: its connection failing while the work
      // awaits something else would be an unhandled 'error' event, which ends the process.
      let broken: Error | undefined;
      const onError = (error: Error) => (broken ??= error);
      client.on("error", onError);
      const tx: SqlExecutor = { ...over(client), transaction: (inner) => inner(tx), close: async () => undefined };
      try {
        await client.query("BEGIN");
        const result = await work(tx);
        await client.query("COMMIT");
        return result;
      } catch (error) {
        // A lost connection has nothing to roll back (the server ends the transaction) and waiting
        // for its answer would only add a query timeout; the pool drops the client below.
        if (isDatabaseUnavailable(error)) broken ??= error as Error;
        else if (!broken) await client.query("ROLLBACK").catch((rollback: Error) => (broken = rollback));
        throw error;
      } finally {
        client.off("error", onError);
        client.release(broken);
      }
    },
    close: () => pool.end(),
  };
}

/**
 * PostgreSQL pool settings. A serving process (failFast) must answer within ~2 s when PostgreSQL
 * is stopped or unreachable, not hang: a new connection, or a wait for a free one, gives up after
 * 1 s, a statement after `queryTimeoutMs`, and TCP keep-alive finds a peer that vanished without
 * closing. A failed client leaves the pool and the next request opens a new connection, so
 * service comes back on its own when the database does. Scripts wait longer and without a limit
 * per statement (a fixture or a backup may run one long statement).
 */
export function postgresPoolConfig(url: string, options: { failFast: boolean; queryTimeoutMs: number }): pg.PoolConfig {
  if (!options.failFast) return { connectionString: url, max: 10, connectionTimeoutMillis: 10_000 };
  return {
    connectionString: url,
    max: 10,
    connectionTimeoutMillis: 1000,
    query_timeout: options.queryTimeoutMs,
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
  };
}

/**
 * The hot path's statements are indexed lookups and single-row writes that take milliseconds:
 * one still unanswered after 1.5 s means the database or the way to it is stuck, and Verify then
 * answers 503 within the 2 s its clients are promised.
 */
const HOT_PATH_QUERY_TIMEOUT_MS = 1500;

export function createSqlExecutor(target: DatabaseTarget, options: { failFast?: boolean } = {}): SqlExecutor {
  if (target.provider === "sqlite") return createSqliteExecutor(target.file);
  const pool = new pg.Pool(postgresPoolConfig(target.url, { failFast: options.failFast ?? false, queryTimeoutMs: HOT_PATH_QUERY_TIMEOUT_MS }));
  // An idle connection the server closes (restart, failover) is replaced on next use; without a
  // listener its error event would crash the process.
  pool.on("error", (error) => logger.warn({ component: "sql", err: error.message }, "idle PostgreSQL connection closed"));
  if (options.failFast) registerPoolMetrics("sql", pool);
  return createPgExecutor(pool);
}
