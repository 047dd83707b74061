// What a backup records about its database copy, read from the copy itself (SQLite) or from the
// very snapshot pg_dump dumps (PostgreSQL): the migrations applied, rows per table and the
// release files the database names.

export type DatabaseSnapshot = {
  migrations: string[];
  counts: Record<string, number>;
  /** Storage keys of every release row, to check that the archive holds each file. */
  releaseFiles: string[];
};

export const MIGRATIONS_TABLE = "_prisma_migrations";

/**
 * The tables whose rows make a database "the store's data": accounts, the catalogue, keys and
 * sales. A database with none of these rows (new, or migrated by a first start that made only
 * its settings) may be restored over without --force.
 */
export const STORE_DATA_TABLES = ["User", "Product", "License", "Order"] as const;

/** The counts printed after a backup or restore, in this order, with their words. */
export const SUMMARY_TABLES: [table: string, word: string][] = [
  ["User", "users"],
  ["Product", "products"],
  ["Release", "releases"],
  ["Order", "orders"],
  ["License", "licenses"],
  ["Activation", "activations"],
];

export function describeCounts(counts: Record<string, number>, tables: [string, string][] = SUMMARY_TABLES): string {
  return tables.map(([table, word]) => `${counts[table] ?? 0} ${word}`).join(", ");
}

export function hasStoreData(counts: Record<string, number>): boolean {
  return STORE_DATA_TABLES.some((table) => (counts[table] ?? 0) > 0);
}

/** The store-data tables with their words, for the "not empty" refusal. */
export const STORE_DATA_WORDS: [string, string][] = [
  ["User", "users"],
  ["Product", "products"],
  ["License", "licenses"],
  ["Order", "orders"],
];
