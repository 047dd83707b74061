// Which failures mean "the database is not there right now" (answer 503 and let the client retry)
// and which do not (a 500, or the caller's own handling): the shapes are those measured against
// pg, Prisma's driver adapters and better-sqlite3 (lib/db/unavailable.ts).
import { describe, expect, it } from "vitest";
import { isDatabaseUnavailable } from "../../../lib/db/unavailable";

const socketError = (code: string) => Object.assign(new Error(`connect ${code} 127.0.0.1:5432`), { code, syscall: "connect", errno: -111 });
const pgError = (code: string, message = "server error") => Object.assign(new Error(message), { code, severity: "FATAL" });
/** Prisma's shape: a known request error carrying the adapter's error in meta. */
const prismaError = (code: string, kind?: string) =>
  Object.assign(new Error(`Invalid \`prisma.license.findUnique()\` invocation:\n\n\n${kind ?? code}`), {
    name: "PrismaClientKnownRequestError",
    code,
    meta: kind ? { driverAdapterError: Object.assign(new Error(kind), { name: "DriverAdapterError", cause: { kind } }) } : {},
  });

describe("isDatabaseUnavailable", () => {
  it.each([
    ["connection refused", socketError("ECONNREFUSED")],
    ["connection reset", socketError("ECONNRESET")],
    ["host unreachable", socketError("EHOSTUNREACH")],
    ["DNS failure", socketError("ENOTFOUND")],
    ["server shutting down (57P01)", pgError("57P01", "terminating connection due to administrator command")],
    ["server starting up (57P03)", pgError("57P03", "the database system is starting up")],
    ["connection exception (08006)", pgError("08006")],
    ["out of connection slots (53300)", pgError("53300", "sorry, too many clients already")],
    ["pg: connection ended under a query", new Error("Connection terminated unexpectedly")],
    ["pg: connect timeout", new Error("Connection terminated due to connection timeout")],
    ["pg-pool: no free connection in time", new Error("timeout exceeded when trying to connect")],
    ["pg: query timeout", new Error("Query read timeout")],
    ["pg: client broken earlier", new Error("Client has encountered a connection error and is not queryable")],
    ["Prisma P1001 can't reach", prismaError("P1001", "DatabaseNotReachable")],
    ["Prisma P1017 server closed the connection", prismaError("P1017", "ConnectionClosed")],
    ["Prisma P1008 timed out (SQLite busy too)", prismaError("P1008", "SocketTimeout")],
    ["Prisma raw query (P2010) that could not reach the server", prismaError("P2010", "DatabaseNotReachable")],
    ["Prisma raw query whose message quotes pg's", Object.assign(new Error("Raw query failed. Code: `N/A`. Message: `Query read timeout`"), { code: "P2010" })],
    ["SQLite busy past its timeout", Object.assign(new Error("database is locked"), { code: "SQLITE_BUSY" })],
    ["the outage as a cause", new Error("could not load the page", { cause: socketError("ECONNREFUSED") })],
    ["one of several", new AggregateError([new Error("other"), socketError("ECONNREFUSED")])],
  ])("yes: %s", (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ["a unique violation (P2002)", prismaError("P2002", "UniqueConstraintViolation")],
    ["a missing record (P2025)", prismaError("P2025")],
    ["a missing table (42P01)", pgError("42P01", 'relation "License" does not exist')],
    ["a syntax error (42601)", pgError("42601")],
    ["a serialization failure (40001)", pgError("40001")],
    ["authentication failed (28P01)", pgError("28P01")],
    ["a plain bug", new TypeError("Cannot read properties of undefined")],
    ["a message that merely mentions a timeout", new Error("Stripe: Query read timeout exceeded in a report")],
    ["not an error", "ECONNREFUSED"],
    ["nothing", undefined],
  ])("no: %s", (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });

  it("follows a cause that points back at itself without looping", () => {
    const error = new Error("loop") as Error & { cause?: unknown };
    error.cause = error;
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});
