// The benchmark's processes and databases: a fresh database per store, and servers started on
// loopback that the run stops at its end.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, openSync, rmSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { parseDatabaseUrl, type DatabaseTarget } from "../lib/db/url";

export const root = path.resolve(import.meta.dirname, "..");
export const TMP = path.join(root, "bench/tmp");
const POSTGRES_SERVER = process.env.TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

export function log(message: string) {
  console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}`);
}

/** A node process from the checkout; stdout goes to `stdoutFile` (a server's log) or nowhere. */
export function start(args: string[], env: Record<string, string>, stdoutFile?: string): ChildProcess {
  const stdout = stdoutFile ? openSync(stdoutFile, "w") : "ignore";
  return spawn(process.execPath, args, { cwd: root, env: { ...process.env, ...env }, stdio: ["ignore", stdout, "inherit"] });
}

export async function waitFor(url: string) {
  for (let i = 0; i < 600; i++) {
    try {
      if ((await fetch(url)).status < 500) return;
    } catch {
      // not yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url} did not come up`);
}

export async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: POSTGRES_SERVER, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** An empty database for one store (not yet migrated), and how to remove it. */
export async function freshDatabase(provider: "sqlite" | "postgresql", keys: number): Promise<{ target: DatabaseTarget; drop: () => Promise<void> }> {
  if (provider === "sqlite") {
    const file = path.join(TMP, `bench-${keys}.db`);
    mkdirSync(path.dirname(file), { recursive: true });
    const remove = () => {
      for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(file + suffix, { force: true });
    };
    remove();
    return { target: parseDatabaseUrl(`file:${file}`), drop: async () => remove() };
  }
  const name = `cp_bench_${keys}_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: POSTGRES_SERVER });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(POSTGRES_SERVER);
  url.pathname = `/${name}`;
  return {
    target: parseDatabaseUrl(url.toString()),
    drop: async () => {
      const client = new pg.Client({ connectionString: POSTGRES_SERVER });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await client.end();
    },
  };
}
