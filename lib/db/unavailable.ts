// Telling "the database is not there right now" apart from every other failure, so a request can
// answer 503 with Retry-After (try again shortly, nothing is wrong with what you sent) instead of a
// 500 (a fault of ours). The same outage reaches us in many shapes: a socket error from pg, a
// driver adapter error inside a Prisma error, a PostgreSQL SQLSTATE, pg's own timeout messages,
// SQLite's busy lock; this file knows them all, and nothing else needs to.
import { noteDatabaseOutage } from "./outage";

/** How long a client is told to wait before retrying (Retry-After, seconds). */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

export const DATABASE_UNAVAILABLE_MESSAGE = "The store is temporarily unavailable; try again in a moment";

/** The 503 body every JSON endpoint answers while the database is unavailable. */
export const databaseUnavailableBody = () => ({ error: { code: "UNAVAILABLE", message: DATABASE_UNAVAILABLE_MESSAGE } });

/** The headers that go with it: when to retry, and never cached. */
export const databaseUnavailableHeaders = (): Record<string, string> => ({
  "Retry-After": String(DATABASE_RETRY_AFTER_SECONDS),
  "Cache-Control": "no-store",
});

/** The whole 503 answer, for route handlers. */
export function databaseUnavailableResponse(headers: Record<string, string> = {}): Response {
  return Response.json(databaseUnavailableBody(), { status: 503, headers: { ...headers, ...databaseUnavailableHeaders() } });
}

const LOG_EVERY_MS = 10_000;
let lastLoggedAt = 0;

/**
 * Logs that requests are being answered 503 because of `error`: at most once every 10 s per
 * process, so an outage under load is a few lines, not one per request (the request log has those).
 * Every call also notes the outage for the front door's outage page (./outage.ts).
 */
export function logDatabaseUnavailable(log: { warn(fields: object, message: string): void }, error: unknown): void {
  noteDatabaseOutage();
  const now = Date.now();
  if (now - lastLoggedAt < LOG_EVERY_MS) return;
  lastLoggedAt = now;
  const described = error as { code?: unknown; message?: unknown } | null;
  log.warn(
    { code: typeof described?.code === "string" ? described.code : undefined, err: typeof described?.message === "string" ? described.message.split("\n").slice(-1)[0] : undefined },
    "database unavailable: answering 503 with Retry-After",
  );
}

/** Socket errors: the server refused, dropped, or never answered the connection. */
const SOCKET_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ECONNABORTED", "ETIMEDOUT", "EPIPE", "EHOSTUNREACH", "ENETUNREACH", "ENOTFOUND", "EAI_AGAIN"]);

/**
 * PostgreSQL SQLSTATEs of an outage rather than a bad statement: class 08 (connection exception),
 * the server shutting down or starting up (57P01-57P03), out of connection slots (53300).
 */
const isUnavailableSqlState = (code: string) => /^08[0-9A-Z]{3}$/.test(code) || code === "57P01" || code === "57P02" || code === "57P03" || code === "53300";

/**
 * Prisma's codes for the same: can't reach (P1001), reached but timed out (P1002), operation timed
 * out (P1008: the driver adapters' SocketTimeout, which is also SQLite's busy lock), server closed
 * the connection (P1017), pool timeout (P2024), too many connections (P2037).
 */
const PRISMA_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024", "P2037"]);

/** The driver adapters' error kinds (DriverAdapterError.cause.kind) that mean the same. */
const ADAPTER_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections"]);

/**
 * pg's own errors carry no code: its connection and query timeouts, a connection that ended under
 * a query, a client used after its connection failed, a pool already closed (shutting down).
 */
const PG_MESSAGES = [
  "Connection terminated unexpectedly",
  "Connection terminated due to connection timeout",
  "Connection terminated",
  "timeout exceeded when trying to connect",
  "Query read timeout",
  "Client has encountered a connection error and is not queryable",
  "Client was closed and is not queryable",
  "Cannot use a pool after calling end on the pool",
];

type ErrorLike = { code?: unknown; kind?: unknown; originalCode?: unknown; message?: unknown; cause?: unknown; meta?: unknown };

function matches(error: ErrorLike): boolean {
  for (const code of [error.code, error.originalCode]) {
    if (typeof code !== "string") continue;
    if (SOCKET_CODES.has(code) || PRISMA_CODES.has(code) || isUnavailableSqlState(code)) return true;
    // SQLite: the lock was still held when the busy timeout ran out (another process writing).
    if (code.startsWith("SQLITE_BUSY")) return true;
  }
  if (typeof error.kind === "string" && ADAPTER_KINDS.has(error.kind)) return true;
  if (typeof error.message === "string") {
    const message = error.message;
    if (PG_MESSAGES.some((known) => message === known || message.endsWith(`: ${known}`) || message.includes(`\`${known}\``))) return true;
  }
  return false;
}

/**
 * Whether `error` means the database cannot be reached or cannot answer right now (stopped,
 * restarting, unreachable, out of connections, locked beyond the busy timeout), as opposed to a
 * failure that retrying will not fix. Follows `cause` chains and Prisma's `meta.driverAdapterError`.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  while (queue.length > 0) {
    const current = queue.shift();
    if (current === null || typeof current !== "object" || seen.has(current)) continue;
    seen.add(current);
    const candidate = current as ErrorLike;
    if (matches(candidate)) return true;
    queue.push(candidate.cause);
    const meta = candidate.meta as { driverAdapterError?: unknown } | undefined;
    if (meta && typeof meta === "object") queue.push(meta.driverAdapterError);
    if (current instanceof AggregateError) queue.push(...current.errors);
  }
  return false;
}
