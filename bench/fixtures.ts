// Bulk fixtures for the benchmark: 100,000 keys and 200,000 activations written straight through
// the drivers (the ORM would take minutes), in the exact formats Prisma reads back.
import Database from "better-sqlite3";
import { randomBytes } from "node:crypto";
import pg from "pg";
import type { DatabaseTarget } from "../lib/db/url";
import { generateLicenseKey } from "../lib/licenses/key";

export const LICENSES = 100_000;
export const ACTIVATIONS_PER_KEY = 2;
const CUSTOMERS = 10_000;

export type BenchFixtures = {
  /** Keys with a known activated domain (hot path). */
  known: { key: string; domain: string }[];
  /** Unlimited keys for new activations. */
  unlimited: string[];
  /** A real key's email and product, for the admin search timing. */
  searchEmail: string;
};

const id = () => `b${randomBytes(12).toString("hex")}`;

type Row = Record<string, string | number | null>;

function* rows(productId: string, now: Date) {
  const iso = (d: Date) => d.toISOString().replace("Z", "+00:00");
  const users: Row[] = Array.from({ length: CUSTOMERS }, (_, i) => ({
    id: id(), email: `customer${i}@bench.example`, name: `Customer ${i}`, role: "CUSTOMER",
    createdAt: iso(now), updatedAt: iso(now),
  }));
  yield { table: "User", rows: users };
  for (let start = 0; start < LICENSES; start += 10_000) {
    const licenses: Row[] = [];
    const activations: Row[] = [];
    for (let i = start; i < start + 10_000; i++) {
      const licenseId = id();
      const created = iso(new Date(now.getTime() - (LICENSES - i) * 1000));
      licenses.push({
        id: licenseId, key: generateLicenseKey(), userId: users[i % CUSTOMERS]?.id ?? "", productId,
        productName: "Bench Plugin", maxActivations: i % 10 === 0 ? 0 : 5, activationsUsed: ACTIVATIONS_PER_KEY,
        createdAt: created, updatedAt: created,
      });
      for (let a = 0; a < ACTIVATIONS_PER_KEY; a++) {
        activations.push({
          id: id(), licenseId, environment: `site${a}-${i}.example.com`, kind: "domain", rawValue: `site${a}-${i}.example.com`,
          firstSeenAt: created, lastSeenAt: iso(now),
        });
      }
    }
    yield { table: "License", rows: licenses };
    yield { table: "Activation", rows: activations };
  }
}

function pickFixtures(db: { licenses: { key: string; maxActivations: number }[] }): BenchFixtures {
  return {
    known: db.licenses.slice(0, 2000).map((l, i) => ({ key: l.key, domain: `site0-${i}.example.com` })),
    unlimited: db.licenses.filter((l) => l.maxActivations === 0).slice(0, 2000).map((l) => l.key),
    searchEmail: "customer4242@bench.example",
  };
}

const PRODUCT = { slug: "bench-plugin", name: "Bench Plugin", description: "Benchmark fixture", priceCents: 1000, currency: "usd", maxActivations: 5 };

export async function seedBenchFixtures(target: DatabaseTarget): Promise<BenchFixtures> {
  const now = new Date();
  const productId = id();
  const seen: { key: string; maxActivations: number }[] = [];
  if (target.provider === "sqlite") {
    const sqlite = new Database(target.file);
    sqlite.pragma("journal_mode = WAL");
    const insertAll = sqlite.transaction(() => {
      sqlite.prepare(`INSERT INTO "Product" (id, slug, name, description, priceCents, currency, maxActivations, active, createdAt, updatedAt)
        VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`).run(productId, PRODUCT.slug, PRODUCT.name, PRODUCT.description, PRODUCT.priceCents, PRODUCT.currency, PRODUCT.maxActivations, now.toISOString(), now.toISOString());
      for (const batch of rows(productId, now)) {
        const columns = Object.keys(batch.rows[0] ?? {});
        const insert = sqlite.prepare(`INSERT INTO "${batch.table}" (${columns.map((c) => `"${c}"`).join(",")}) VALUES (${columns.map(() => "?").join(",")})`);
        for (const row of batch.rows) {
          insert.run(...columns.map((c) => row[c] ?? null));
          if (batch.table === "License" && seen.length < 40_000) seen.push({ key: String(row.key), maxActivations: Number(row.maxActivations) });
        }
      }
    });
    insertAll();
    sqlite.close();
    return pickFixtures({ licenses: seen });
  }
  const client = new pg.Client({ connectionString: target.url });
  await client.connect();
  try {
    await client.query("BEGIN");
    await client.query(`INSERT INTO "Product" (id, slug, name, description, "priceCents", currency, "maxActivations", active, "createdAt", "updatedAt")
      VALUES ($1, $2, $3, $4, $5, $6, $7, true, now(), now())`, [productId, PRODUCT.slug, PRODUCT.name, PRODUCT.description, PRODUCT.priceCents, PRODUCT.currency, PRODUCT.maxActivations]);
    for (const batch of rows(productId, now)) {
      const columns = Object.keys(batch.rows[0] ?? {});
      // One statement per batch: unnest() turns column arrays into rows.
      const types = columns.map((c) => (["maxActivations", "activationsUsed"].includes(c) ? "int[]" : /At$/.test(c) ? "timestamptz[]" : "text[]"));
      const arrays = columns.map((c) => batch.rows.map((row) => row[c] ?? null));
      await client.query(
        `INSERT INTO "${batch.table}" (${columns.map((c) => `"${c}"`).join(",")}) SELECT * FROM unnest(${types.map((t, i) => `$${i + 1}::${t}`).join(",")})`,
        arrays,
      );
      if (batch.table === "License" && seen.length < 40_000) {
        for (const row of batch.rows) seen.push({ key: String(row.key), maxActivations: Number(row.maxActivations) });
      }
    }
    await client.query("COMMIT");
    await client.query('ANALYZE "License"; ANALYZE "Activation"; ANALYZE "User"');
  } finally {
    await client.end();
  }
  return pickFixtures({ licenses: seen });
}
