// `npm start`: one command from a fresh clone to a running store. Builds when the sources changed,
// applies migrations, prepares demo data (demo mode, SQLite), then serves with server/main.ts
// (Next.js behind a lean path for the license API). `--dev` serves in development mode; `--build-only` (npm run build) stops after the build.
import { spawn } from "node:child_process";
import { createServer } from "node:net";
import path from "node:path";
import { DEMO_ACCOUNTS, listDemoKeys, seedDemoStore, type DemoKey } from "../lib/demo/seed-demo-store";
import { createDb } from "../lib/db";
import { EnvError, getEnv, type Env } from "../lib/env";
import { getOrCreateSetting, randomSecret } from "../lib/settings";
import { serverNodeArgs } from "../server/node-args";
import { buildIfNeeded } from "./build-app";
import { migrateDatabase } from "./db/migrate";

const root = path.resolve(import.meta.dirname, "..");
const distDir = process.env.NEXT_DIST_DIR ?? ".next";
const mode = process.argv.includes("--dev") ? "dev" : process.argv.includes("--build-only") ? "build" : "start";

function fail(message: string): never {
  console.error(`\n${message}\n`);
  process.exit(1);
}

/** Demo mode keeps its session secret in the database, so restarts and instances share it. */
async function prepareDatabase(env: Env): Promise<{ secret: string; seeded: boolean; demoKeys: DemoKey[] }> {
  migrateDatabase(env.database);
  const db = createDb(env.database);
  try {
    const secret = env.NEXTAUTH_SECRET ?? (await getOrCreateSetting(db, "nextauth_secret", randomSecret));
    const demo = env.isDemo && env.database.provider === "sqlite";
    const seeded = demo ? (await seedDemoStore(db)).seeded : false;
    return { secret, seeded, demoKeys: demo ? await listDemoKeys(db) : [] };
  } finally {
    await db.$disconnect();
  }
}

async function waitUntilHealthy(url: string, child: ReturnType<typeof spawn>): Promise<boolean> {
  for (let attempt = 0; attempt < 240 && child.exitCode === null; attempt++) {
    try {
      if ((await fetch(`${url}/api/health`)).ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return false;
}

/** Fails early and clearly when another program (or another store) already has the port. */
function assertPortFree(port: number, host?: string): Promise<void> {
  return new Promise((resolve) => {
    const probe = createServer()
      .once("error", () => fail(`Port ${port} is already in use. Stop the other server or choose another port: PORT=3001 npm start`))
      .once("listening", () => probe.close(() => resolve()))
      .listen(port, host);
  });
}

function describeDatabase(env: Env): string {
  if (env.database.provider === "sqlite") return `SQLite (${path.relative(root, env.database.file) || env.database.file})`;
  return `PostgreSQL (${new URL(env.database.url).host}${new URL(env.database.url).pathname})`;
}

async function main() {
  let env: Env;
  try {
    env = getEnv();
  } catch (error) {
    if (error instanceof EnvError) fail(error.message);
    throw error;
  }
  const childEnv: NodeJS.ProcessEnv = { ...process.env, STORE_MODE: env.STORE_MODE, DATABASE_URL: env.database.url };
  if (mode === "build") {
    if (!(await buildIfNeeded(distDir, childEnv))) fail("The build failed; see the output above.");
    return;
  }

  await assertPortFree(env.PORT, env.listenHost);
  const { secret, seeded, demoKeys } = await prepareDatabase(env);
  childEnv.NEXTAUTH_SECRET = secret;
  childEnv.NEXTAUTH_URL = env.publicUrl;
  if (mode === "start" && !(await buildIfNeeded(distDir, childEnv))) fail("The build failed; see the output above.");

  // One process: node loads the TypeScript server through tsx's loader (no extra tsx wrapper).
  const child = spawn(process.execPath, serverNodeArgs(env.SERVER_HEAP_MB, mode === "dev"), {
    cwd: root,
    stdio: ["ignore", mode === "dev" ? "pipe" : "inherit", "inherit"],
    env: { ...childEnv, NODE_ENV: mode === "dev" ? "development" : "production" },
  });
  // Production writes JSON lines for a log shipper; in development they are made readable.
  if (child.stdout) {
    const pretty = spawn(process.execPath, [path.join(root, "node_modules/pino-pretty/bin.js"), "--colorize"], { stdio: ["pipe", "inherit", "inherit"] });
    child.stdout.pipe(pretty.stdin);
  }
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => child.kill(signal));
  child.on("exit", (code) => process.exit(code ?? 0));

  const anyInterface = !env.listenHost || env.listenHost === "0.0.0.0" || env.listenHost === "::";
  const probeHost = anyInterface ? "127.0.0.1" : env.listenHost?.includes(":") ? `[${env.listenHost}]` : env.listenHost;
  if (!(await waitUntilHealthy(`http://${probeHost}:${env.PORT}`, child))) return;
  const lines = [
    "",
    `CP Store is running: ${env.publicUrl}`,
    `Database: ${describeDatabase(env)}${seeded ? " (demo data created)" : ""}`,
    `Mode: ${env.isDemo ? "demo" : "production"}`,
    env.SMTP_URL
      ? `Email: sent through ${new URL(env.SMTP_URL).host} from ${env.emailFrom}`
      : `Email: not configured (SMTP_URL): messages are kept in Admin → Emails (${env.publicUrl}/admin/emails)`,
  ];
  if (env.isDemo && env.HOST) {
    // Demo mode binds to 127.0.0.1 unless told otherwise: its admin password is in the README.
    lines.push(
      "",
      `WARNING: demo mode is listening on ${env.HOST}, not only on this machine. Its accounts and`,
      "passwords are published: anyone who can reach this address can sign in as the admin.",
      "Run a store others can reach with STORE_MODE=production (see the README).",
      "",
    );
  }
  if (env.isDemo && env.database.provider === "sqlite") {
    lines.push(
      "Demo accounts:",
      `  admin     ${DEMO_ACCOUNTS.admin.email} / ${DEMO_ACCOUNTS.admin.password}`,
      `  customer  ${DEMO_ACCOUNTS.customer.email} / ${DEMO_ACCOUNTS.customer.password}`,
    );
  }
  if (demoKeys.length > 0) {
    lines.push("Demo license keys (the demo customer's):");
    for (const demoKey of demoKeys) lines.push(`  ${demoKey.key}  ${demoKey.product} (${demoKey.state})`);
    const first = demoKeys[0]?.key ?? "";
    lines.push(
      "Try the Verify API:",
      `  curl -s -X POST ${env.publicUrl}/api/v1/licenses/verify -H 'Content-Type: application/json' -d '{"key":"${first}","domain":"example.com"}'`,
    );
    // A plugin key with room for another site, so the answer carries a download_url.
    const updatable = demoKeys.find((demoKey) => demoKey.active && demoKey.productSlug === "pro-forms-plugin");
    if (updatable) {
      lines.push(
        "Try the update API (what the WordPress SDK asks for installed plugins):",
        `  curl -s '${env.publicUrl}/api/v1/updates/${updatable.productSlug}?license_key=${updatable.key}&domain=example.com'`,
        "Try it in WordPress: sign in as the customer, download Pro Forms 2.2.0 from Account → Downloads,",
        "  install it, enter the Pro Forms key under Settings → Pro Forms Plugin License, then update to 2.3.0.",
      );
    }
  }
  console.log(lines.join("\n") + "\n");
}

void main();
