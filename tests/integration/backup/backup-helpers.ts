// Shared by the backup tests: a store's worth of data made through the domain functions, the
// commands run as the owner runs them, new empty databases to restore into, what a database holds
// (to compare before and after), and archives opened and re-packed to damage them on purpose.
import { createHash } from "node:crypto";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { create, extract } from "tar";
import { createDb, type Db, type Product } from "../../../lib/db";
import type { DatabaseProvider } from "../../../lib/db/url";
import { parseDatabaseUrl } from "../../../lib/db/url";
import { issueLicense } from "../../../lib/licenses/issue-license";
import { createScratchPostgres, postgresServerUrl } from "../../../scripts/db/check";
import { createCustomer, createPaidOrder, createProduct } from "../../helpers/factories";
import { runScript, type ScriptRun } from "../../helpers/run-script";

export const sha256 = (bytes: Buffer): string => createHash("sha256").update(bytes).digest("hex");

/** A database and a storage directory: what the commands read from DATABASE_URL and STORAGE_DIR. */
export type StoreLocation = { databaseUrl: string; storageDir: string };

const envOf = (location: StoreLocation, extra: Record<string, string | undefined> = {}) => ({
  DATABASE_URL: location.databaseUrl,
  STORAGE_DIR: location.storageDir,
  S3_BUCKET: undefined,
  ...extra,
});

export function runBackup(location: StoreLocation, out: string, extraEnv: Record<string, string | undefined> = {}): Promise<ScriptRun> {
  return runScript("db/backup.ts", ["--out", out], { env: envOf(location, extraEnv) });
}

export function runRestore(location: StoreLocation, archive: string, options: { force?: boolean; env?: Record<string, string | undefined> } = {}): Promise<ScriptRun> {
  return runScript("db/restore.ts", [archive, ...(options.force ? ["--force"] : [])], { env: envOf(location, options.env) });
}

export async function tempDir(label: string): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), `cp-store-${label}-`));
}

/** A new, empty place to restore into: a database that does not exist yet (SQLite) or has no tables (PostgreSQL), and a new storage directory. */
export type RestoreTarget = StoreLocation & {
  /** A client on the target, opened on first use. */
  db(): Db;
  /** Closes that client (a restore into PostgreSQL refuses while other sessions are connected). */
  release(): Promise<void>;
  close(): Promise<void>;
};

export async function newRestoreTarget(provider: DatabaseProvider): Promise<RestoreTarget> {
  const dir = await tempDir("restore");
  const storageDir = path.join(dir, "files");
  const scratch = provider === "postgresql" ? await createScratchPostgres(postgresServerUrl(), "cp_store_restore") : undefined;
  const databaseUrl = scratch ? scratch.url : `file:${path.join(dir, "restored.db")}`;
  let client: Db | undefined;
  return {
    databaseUrl,
    storageDir,
    db: () => (client ??= createDb(parseDatabaseUrl(databaseUrl))),
    release: async () => {
      await client?.$disconnect();
      client = undefined;
    },
    close: async () => {
      await client?.$disconnect();
      await scratch?.drop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export type SeededStore = { unlimited: Product; limited: Product; keys: string[] };

/**
 * Customers, paid orders and their keys, as a purchase makes them: `orders` orders of one key
 * each, alternating between an unlimited product and one with three sites.
 */
export async function seedOrdersAndKeys(db: Db, orders: number): Promise<SeededStore> {
  const unlimited = await createProduct(db, { maxActivations: 0 });
  const limited = await createProduct(db, { maxActivations: 3 });
  const keys: string[] = [];
  for (let i = 0; i < orders; i++) {
    const customer = await createCustomer(db);
    const product = i % 2 === 0 ? unlimited : limited;
    const { item } = await createPaidOrder(db, customer, product);
    const license = await issueLicense(db, { userId: customer.id, product, orderItemId: item.id, actor: "test" });
    keys.push(license.key);
  }
  return { unlimited, limited, keys };
}

/** Every key, activation and order of a database, in a form two databases can be compared by. */
export async function storeContents(db: Db) {
  const [licenses, activations, orders] = await Promise.all([
    db.license.findMany({ select: { id: true, key: true, userId: true, productId: true, orderItemId: true, maxActivations: true, activationsUsed: true, expiresAt: true, revokedAt: true } }),
    db.activation.findMany({ select: { id: true, licenseId: true, environment: true, kind: true, local: true, deactivatedAt: true } }),
    db.order.findMany({ select: { id: true, userId: true, status: true, amountCents: true, items: { select: { id: true, productId: true, quantity: true, unitPriceCents: true } } } }),
  ]);
  return { licenses, activations, orders };
}

/** Keys whose activationsUsed differs from their activations that take a slot. */
export async function inconsistentKeys(db: Db): Promise<string[]> {
  const contents = await storeContents(db);
  const used = new Map<string, number>();
  for (const activation of contents.activations) {
    if (activation.deactivatedAt === null && !activation.local) used.set(activation.licenseId, (used.get(activation.licenseId) ?? 0) + 1);
  }
  return contents.licenses.filter((license) => license.activationsUsed !== (used.get(license.id) ?? 0)).map((license) => license.key);
}

/** Every file under `dir` as relative path → SHA-256. */
export async function filesIn(dir: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    files.set(path.relative(dir, full), sha256(await readFile(full)));
  }
  return files;
}

/** The manifest.json of a backup archive. */
export async function readManifest(archive: string): Promise<Record<string, unknown> & { counts: Record<string, number>; storage: { kind: string; files?: { key: string }[] } }> {
  const dir = await tempDir("manifest");
  try {
    await extract({ file: archive, cwd: dir, filter: (name) => name === "manifest.json" });
    return JSON.parse(await readFile(path.join(dir, "manifest.json"), "utf8"));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** A copy of `archive` with its contents changed by `edit` (given the unpacked folder). */
export async function repack(archive: string, out: string, edit: (dir: string) => Promise<void>): Promise<string> {
  const dir = await tempDir("repack");
  try {
    await extract({ file: archive, cwd: dir });
    await edit(dir);
    const entries = (await readdir(dir)).sort((a, b) => (a === "manifest.json" ? -1 : b === "manifest.json" ? 1 : a.localeCompare(b)));
    await create({ gzip: true, cwd: dir, file: out, portable: true }, entries);
    return out;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Changes manifest.json inside an unpacked archive. */
export async function editManifest(dir: string, change: (manifest: Record<string, unknown>) => void): Promise<void> {
  const file = path.join(dir, "manifest.json");
  const manifest = JSON.parse(await readFile(file, "utf8")) as Record<string, unknown>;
  change(manifest);
  await writeFile(file, JSON.stringify(manifest));
}
