// Bulk fixtures for the benchmark (bench/fixture-rows.ts: what the store holds) written straight
// through the drivers, in the exact formats Prisma reads back: the ORM would take an hour for a
// million keys. Secondary indexes and foreign-key checks are off while the rows go in and the
// migrations' own index definitions are replayed afterwards, which builds each index once, sorted,
// instead of growing it row by row; the database ends up as the migrations made it. PostgreSQL's
// tables are then vacuumed and analysed, as autovacuum does on a live store; SQLite's are not
// analysed, as the store never runs ANALYZE either, so its planner works without statistics here too.
import Database from "better-sqlite3";
import pg from "pg";
import { hashPassword } from "../lib/auth/password";
import type { DatabaseTarget } from "../lib/db/url";
import { copyRows } from "./pg-copy";
import { BENCH_CUSTOMER_EMAIL, BENCH_PRODUCTS, benchRows, type Batch, type KeySeen, type Value } from "./fixture-rows";

export { ACTIVATIONS_PER_KEY } from "./fixture-rows";

/** The signed-in customer who owns BENCH_CUSTOMER_KEYS keys. */
export const BENCH_CUSTOMER = { email: BENCH_CUSTOMER_EMAIL, password: "bench-customer-pass" };

const TABLES = ["Product", "User", "Order", "OrderItem", "License", "LicenseReminder", "Activation"];
/** How many keys each Verify scenario picks from, spread over the whole table. */
const SAMPLE = 2000;

export type BenchFixtures = {
  keys: number;
  /** Valid keys of the release's product with an activated domain (the hot path). */
  known: { key: string; domain: string }[];
  /** Valid unlimited keys, for new activations. */
  unlimited: string[];
  /** The email the admin search looks for (the customer with twenty keys). */
  searchEmail: string;
  /** Rows written, and how long it took. */
  rows: number;
  seconds: number;
};

/** Keeps about SAMPLE of the keys a scenario can use, evenly at random over the whole table. */
function sampler(keys: number) {
  const known: BenchFixtures["known"] = [];
  const unlimited: string[] = [];
  const knownChance = Math.min(1, (1.5 * SAMPLE) / (keys * (BENCH_PRODUCTS[0]?.share ?? 1)));
  const unlimitedChance = Math.min(1, (1.5 * SAMPLE) / (keys * 0.1));
  const onKey = (seen: KeySeen) => {
    if (!seen.valid) return;
    if (seen.productSlug === BENCH_PRODUCTS[0]?.slug && known.length < SAMPLE && Math.random() < knownChance) {
      known.push({ key: seen.key, domain: `site0-${seen.index}.example.com` });
    }
    if (seen.maxActivations === 0 && unlimited.length < SAMPLE && Math.random() < unlimitedChance) unlimited.push(seen.key);
  };
  return { known, unlimited, onKey };
}

function productRows(now: Date, size: number): Batch {
  return {
    table: "Product",
    columns: ["id", "slug", "name", "description", "priceCents", "currency", "maxActivations", "validityDays", "active", "createdAt", "updatedAt"],
    rows: BENCH_PRODUCTS.map((p, i) => [`bp${size.toString(36)}x${i}`, p.slug, p.name, "Benchmark fixture", p.priceCents, "usd", p.maxActivations, p.validityDays, true, now, now]),
  };
}

/** Writes a store with `keys` keys into a migrated, empty database. */
export async function seedBenchFixtures(target: DatabaseTarget, keys: number): Promise<BenchFixtures> {
  const startedAt = performance.now();
  const now = new Date();
  const products = productRows(now, keys);
  const { known, unlimited, onKey } = sampler(keys);
  const batches = benchRows(keys, now, products.rows.map((row) => String(row[0])), await hashPassword(BENCH_CUSTOMER.password), onKey);
  const all = (function* () {
    yield products;
    yield* batches;
  })();
  const rows = target.provider === "sqlite" ? await writeSqlite(target, all) : await writePostgres(target, all);
  if (known.length === 0 || unlimited.length === 0) throw new Error("bench: the fixture has no valid keys to verify");
  return { keys, known, unlimited, searchEmail: BENCH_CUSTOMER_EMAIL, rows, seconds: (performance.now() - startedAt) / 1000 };
}

/** Prisma's SQLite formats: ISO 8601 text with +00:00, booleans as 0/1. */
const sqliteValue = (value: Value) => (value instanceof Date ? value.toISOString().replace("Z", "+00:00") : typeof value === "boolean" ? Number(value) : value);

async function writeSqlite(target: Extract<DatabaseTarget, { provider: "sqlite" }>, batches: Iterable<Batch>): Promise<number> {
  const sqlite = new Database(target.file);
  let rows = 0;
  try {
    sqlite.pragma("journal_mode = WAL");
    sqlite.pragma("synchronous = OFF");
    sqlite.pragma("foreign_keys = OFF");
    const indexes = sqlite
      .prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (${TABLES.map(() => "?").join(",")})`)
      .all(...TABLES) as { name: string; sql: string }[];
    const statements = new Map<string, Database.Statement>();
    sqlite.transaction(() => {
      for (const index of indexes) sqlite.exec(`DROP INDEX "${index.name}"`);
      for (const batch of batches) {
        const sql = `INSERT INTO "${batch.table}" (${batch.columns.map((c) => `"${c}"`).join(",")}) VALUES (${batch.columns.map(() => "?").join(",")})`;
        const insert = statements.get(sql) ?? sqlite.prepare(sql);
        statements.set(sql, insert);
        for (const row of batch.rows) insert.run(...row.map(sqliteValue));
        rows += batch.rows.length;
      }
      for (const index of indexes) sqlite.exec(index.sql);
    })();
    sqlite.pragma("synchronous = FULL");
  } finally {
    sqlite.close();
  }
  return rows;
}

async function writePostgres(target: Extract<DatabaseTarget, { provider: "postgresql" }>, batches: Iterable<Batch>): Promise<number> {
  const client = new pg.Client({ connectionString: target.url });
  await client.connect();
  let rows = 0;
  try {
    const { rows: indexes } = await client.query<{ name: string; definition: string }>(
      `SELECT i.indexname AS name, i.indexdef AS definition FROM pg_indexes i
       WHERE i.schemaname = current_schema() AND i.tablename = ANY($1)
         AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`,
      [TABLES],
    );
    await client.query("BEGIN");
    // Foreign-key checks are triggers; the rows are consistent by construction (parents first).
    await client.query("SET LOCAL session_replication_role = replica");
    for (const index of indexes) await client.query(`DROP INDEX "${index.name}"`);
    // One batch in flight: the next is generated while PostgreSQL takes in the last.
    let inFlight = Promise.resolve();
    for (const batch of batches) {
      if (batch.rows.length === 0) continue;
      const copy = copyRows(client, batch.table, batch.columns, batch.rows);
      copy.catch(() => undefined); // awaited below; this only keeps an earlier failure from leaving it unhandled
      await inFlight;
      inFlight = copy;
      rows += batch.rows.length;
    }
    await inFlight;
    await client.query("SET LOCAL maintenance_work_mem = '512MB'");
    for (const index of indexes) await client.query(index.definition);
    await client.query("COMMIT");
    // What autovacuum would have done on a store that grew over years: statistics for the planner,
    // and a visibility map so counts can use index-only scans.
    await client.query(`VACUUM ANALYZE ${TABLES.map((t) => `"${t}"`).join(", ")}`);
  } finally {
    await client.end();
  }
  return rows;
}
