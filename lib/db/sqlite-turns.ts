// One writer at a time per SQLite file in this process. The app opens two connections to the
// file: Prisma's and the raw executor of the Verify hot path (sql.ts). SQLite admits one writer,
// and neither of its answers to a second one works inside a single Node process:
// - a Prisma transaction that read before the other connection committed a write cannot upgrade
//   its snapshot: SQLITE_BUSY_SNAPSHOT at once, whatever the busy timeout;
// - a write meeting the other connection's open transaction waits in the busy handler, which
//   blocks the event loop, so the holder cannot finish: the whole timeout, then SQLITE_BUSY.
// So the two connections take turns here, asynchronously, before SQLite sees them. Other
// processes (a CLI command) still meet SQLite's own lock and busy timeout, as usual.
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import type Database from "better-sqlite3";
import path from "node:path";

export type Writer = "prisma" | "sql";

/**
 * Who holds the write turn, and a promise that settles when they give it up. Waiters loop
 * `while (turns.held) await turns.held;` and act in the same tick as the check that found it
 * free, so no two of them pass together.
 */
export type WriterTurns = { held: Promise<void> | null; holder: Writer | null };

/** Takes the turn, waiting for it first; returns the function that gives it up. */
export async function takeTurn(turns: WriterTurns, writer: Writer): Promise<() => void> {
  while (turns.held) await turns.held;
  let release = () => {};
  turns.held = new Promise((resolve) => (release = resolve));
  turns.holder = writer;
  return () => {
    turns.held = null;
    turns.holder = null;
    release();
  };
}

// Global, not module state: the Next.js bundle and server/main.ts load their own copies of this
// module, and both must see the same turns for the same file.
const REGISTRY = Symbol.for("cp-store.sqlite.writer-turns");
type Registry = Map<string, WriterTurns>;

/** The turns for a database file, shared by every connection to it in this process. */
export function writerTurnsFor(file: string): WriterTurns {
  const global = globalThis as { [REGISTRY]?: Registry };
  const registry = (global[REGISTRY] ??= new Map());
  const key = path.resolve(file);
  let turns = registry.get(key);
  if (!turns) registry.set(key, (turns = { held: null, holder: null }));
  return turns;
}

/** SQLite's page cache on Prisma's connection, in KiB (better-sqlite3's default is 16 MiB). */
const PRISMA_PAGE_CACHE_KIB = 4096;

type Adapter = Awaited<ReturnType<PrismaBetterSQLite3["connect"]>>;
type Transaction = Awaited<ReturnType<Adapter["startTransaction"]>>;

/**
 * Prisma's SQLite adapter, taking turns with the raw executor: each interactive transaction holds
 * the turn from BEGIN to COMMIT or ROLLBACK, and begins IMMEDIATE (the write lock up front, so it
 * never has to upgrade a read snapshot); a statement outside a transaction waits while anyone
 * holds the turn. Without that wait, this adapter runs it on the one connection inside whichever
 * Prisma transaction is open: it would see uncommitted rows and be rolled back with them.
 * (So code inside a transaction must use the transaction client; `db` there waits for its own
 * transaction and fails at Prisma's transaction timeout, which is the bug surfacing.)
 */
export class TurnTakingSqliteAdapter extends PrismaBetterSQLite3 {
  readonly #turns: WriterTurns;

  constructor(config: ConstructorParameters<typeof PrismaBetterSQLite3>[0] & { url: string }, turns: WriterTurns) {
    super(config);
    this.#turns = turns;
  }

  override async connect(): Promise<Adapter> {
    const adapter = await super.connect();
    const turns = this.#turns;

    const client = (adapter as unknown as { client: Database.Database }).client;
    // Prisma serves pages and admin work; the Verify executor keeps the larger page cache (16 MiB).
    client.pragma(`cache_size = -${PRISMA_PAGE_CACHE_KIB}`);
    // The adapter begins with a plain (deferred) BEGIN; the statement is its own, so swap it.
    const prepare = client.prepare.bind(client);
    client.prepare = ((sql: string) => prepare(sql === "BEGIN" ? "BEGIN IMMEDIATE" : sql)) as typeof client.prepare;

    const startTransaction = adapter.startTransaction.bind(adapter);
    adapter.startTransaction = async (isolationLevel) => {
      const release = await takeTurn(turns, "prisma");
      let transaction: Transaction;
      try {
        transaction = await startTransaction(isolationLevel);
      } catch (error) {
        release();
        throw error;
      }
      // Prisma sends COMMIT or ROLLBACK as a statement, then calls one of these.
      const commit = transaction.commit.bind(transaction);
      const rollback = transaction.rollback.bind(transaction);
      transaction.commit = () => commit().finally(release);
      transaction.rollback = () => rollback().finally(release);
      return transaction;
    };

    // Each runs its statement synchronously when called: the wait and the statement share a tick.
    const queryRaw = adapter.queryRaw.bind(adapter);
    const executeRaw = adapter.executeRaw.bind(adapter);
    adapter.queryRaw = async (query) => {
      while (turns.held) await turns.held;
      return queryRaw(query);
    };
    adapter.executeRaw = async (query) => {
      while (turns.held) await turns.held;
      return executeRaw(query);
    };
    return adapter;
  }
}
