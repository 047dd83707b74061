// The real store over HTTP for integration tests: server/main.ts (the lean license path in front
// of Next.js), started the way `npm start` starts it, in a child process per test database. Tests
// therefore meet production's routing: Next.js's own 404s, 405s, redirects and %-decoding.
//
// The app is built once per version of its sources into `.next-test-<hash>` (or NEXT_DIST_DIR
// when set), so test runs never rebuild a folder another run is serving from.
import { spawn } from "node:child_process";
import { readdirSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { createInterface } from "node:readline";
import { afterAll, beforeAll } from "vitest";
import type { Db, DatabaseProvider } from "../../lib/db";
import { buildIfNeeded, REPO_ROOT, sourceHash } from "../../scripts/build-app";
import { serverNodeArgs } from "../../server/node-args";
import { openTestDatabase, type TestDatabase } from "./test-databases";
import { freePort } from "./free-port";

const START_TIMEOUT_MS = 60_000;
/** Old test builds are deleted once they are this old (a run still serving one is younger). */
const OLD_BUILD_MS = 60 * 60_000;

/** Where the store says it lives (manage_url, sign-in callbacks start with this). */
export const TEST_PUBLIC_URL = "http://store.test:3000";
/** Signs the test servers' session cookies, so a test can mint one (tests/helpers/sessions.ts). */
export const TEST_NEXTAUTH_SECRET = "integration-test-secret-0123456789abcdef";

export type StoreServer = {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** What the server wrote to stderr so far (a failed request logs there). */
  stderr(): string;
  /** What it wrote to stdout so far. */
  stdout(): string;
  /** The build it serves (its manifests list every route and server action). */
  distDir: string;
  /** The server process's id (a test reads its memory from /proc/<pid>/status). */
  pid: number;
  /** Settles when the process exits, with its exit code or the signal that ended it. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stop(): Promise<void>;
};

/** Settings a test may give its server; everything else is fixed below. */
export type StoreServerEnv = Partial<
  Record<
    | "VERIFY_RATE_LIMIT_PER_IP"
    | "VERIFY_RATE_LIMIT_PER_KEY"
    | "TRUST_PROXY_HOPS"
    | "SIGN_IN_MAX_ATTEMPTS"
    | "SIGN_IN_WINDOW_SECONDS"
    | "NEXTAUTH_URL"
    | "STRIPE_SECRET_KEY"
    | "STRIPE_WEBHOOK_SECRET"
    | "STRIPE_API_BASE"
    | "LICENSE_SIGNING_PRIVATE_KEY"
    | "LICENSE_SIGNING_PUBLISHED_KEYS"
    | "LICENSE_SIGNING_KEYS_REFRESH_SECONDS"
    | "STORAGE_DIR"
    | "S3_BUCKET"
    | "S3_ENDPOINT"
    | "S3_REGION"
    | "S3_FORCE_PATH_STYLE"
    | "AWS_ACCESS_KEY_ID"
    | "AWS_SECRET_ACCESS_KEY"
    | "RELEASE_MAX_MB"
    | "SMTP_URL"
    | "EMAIL_FROM"
    | "EMAIL_POLL_MS"
    | "STORE_NOTIFY_EMAIL"
    | "STORE_NAME"
    | "STORE_MODE"
    | "METRICS_TOKEN"
    | "REDIS_URL"
    // Not "silent": start-up waits for the server's "Listening on" line.
    | "LOG_LEVEL",
    string | number | undefined
  >
>;

let building: Promise<string> | undefined;

/** The build folder for these sources, built on first use (one build per vitest worker at most). */
export function ensureTestBuild(): Promise<string> {
  building ??= (async () => {
    const distDir = process.env.NEXT_DIST_DIR ?? `.next-test-${sourceHash().slice(0, 12)}`;
    removeOldTestBuilds(distDir);
    const env: NodeJS.ProcessEnv = { ...process.env, STORE_MODE: "demo", NODE_ENV: "production" };
    if (!(await buildIfNeeded(distDir, env))) throw new Error(`next build into ${distDir} failed (see the output above)`);
    return distDir;
  })();
  return building;
}

function removeOldTestBuilds(keep: string) {
  for (const name of readdirSync(REPO_ROOT)) {
    if (!name.startsWith(".next-test-") || name === keep || name.endsWith(".build-lock")) continue;
    const full = path.join(REPO_ROOT, name);
    if (Date.now() - statSync(full).mtimeMs > OLD_BUILD_MS) rmSync(full, { recursive: true, force: true });
  }
}

/**
 * Starts server/main.ts in production mode against `databaseUrl`. Rate limits are set so high
 * that only a test asking for a low one meets them; no Redis; no configured signing key (the
 * store creates and keeps its own in the database, as on a first start).
 */
export async function startStoreServer(options: { databaseUrl: string; env?: StoreServerEnv }): Promise<StoreServer> {
  const distDir = await ensureTestBuild();
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    NEXT_DIST_DIR: distDir,
    DATABASE_URL: options.databaseUrl,
    STORE_MODE: "demo",
    HOST: "127.0.0.1",
    PORT: String(port),
    NEXTAUTH_URL: TEST_PUBLIC_URL,
    NEXTAUTH_SECRET: TEST_NEXTAUTH_SECRET,
    VERIFY_RATE_LIMIT_PER_IP: "1000000",
    VERIFY_RATE_LIMIT_PER_KEY: "1000000",
    TRUST_PROXY_HOPS: "0",
  };
  for (const name of ["REDIS_URL", "LICENSE_SIGNING_PRIVATE_KEY", "LICENSE_SIGNING_PUBLISHED_KEYS", "LICENSE_SIGNING_KEYS_REFRESH_SECONDS", "STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET", "STRIPE_API_BASE", "S3_BUCKET", "S3_ENDPOINT", "SMTP_URL", "EMAIL_FROM", "STORE_NOTIFY_EMAIL", "STORE_NAME", "METRICS_TOKEN", "LOG_LEVEL"]) {
    delete env[name];
  }
  for (const [name, value] of Object.entries(options.env ?? {})) if (value !== undefined) env[name] = String(value);

  const child = spawn(process.execPath, serverNodeArgs(256), { cwd: REPO_ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  let stderr = "";
  let stdout = "";
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const stopChild = () => {
    if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const killer = setTimeout(() => child.kill("SIGKILL"), 5000);
      child.once("exit", () => {
        clearTimeout(killer);
        resolve();
      });
      child.kill("SIGTERM");
    });
  };
  // A test process that ends without stopping its servers takes them with it.
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);

  await new Promise<void>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    const fail = (error: Error) => {
      clearTimeout(timer);
      lines.close();
      child.kill("SIGKILL");
      reject(new Error(`${error.message}\n--- server stderr ---\n${stderr}\n--- server stdout ---\n${stdout}`));
    };
    const timer = setTimeout(() => fail(new Error(`the store server did not start in ${START_TIMEOUT_MS} ms`)), START_TIMEOUT_MS);
    lines.on("line", (line) => {
      stdout += `${line}\n`;
      // A JSON log line (lib/observability/logger.ts) whose message is "Listening on <host>:<port>".
      if (!line.includes('"msg":"Listening on ')) return;
      clearTimeout(timer);
      child.off("exit", exitedEarly);
      resolve();
    });
    const exitedEarly = (code: number | null, signal: NodeJS.Signals | null) =>
      fail(new Error(`the store server exited early (code ${code}, signal ${signal})`));
    child.once("exit", exitedEarly);
    child.once("error", fail);
  });

  return {
    url: `http://127.0.0.1:${port}`,
    stderr: () => stderr,
    stdout: () => stdout,
    distDir,
    pid: child.pid ?? -1,
    exited,
    stop: async () => {
      process.removeListener("exit", killOnExit);
      await stopChild();
    },
  };
}

/**
 * A store server on a fresh database (SQLite unless told otherwise) for the tests of one file:
 * started before them, stopped after them.
 */
export function storeServerForFile(options: { env?: StoreServerEnv; provider?: DatabaseProvider } = {}) {
  let database: TestDatabase | undefined;
  let server: StoreServer | undefined;
  beforeAll(async () => {
    database = await openTestDatabase(options.provider ?? "sqlite");
    server = await startStoreServer({ databaseUrl: database.url, env: options.env });
  });
  afterAll(async () => {
    await server?.stop();
    await database?.close();
  });
  const ready = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error("the store server starts in beforeAll");
    return value;
  };
  return { server: () => ready(server), db: (): Db => ready(database).db };
}
