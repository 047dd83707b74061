// `npm run bench`: Verify API and update check throughput against the framework's ceiling and the
// machine's floor, and release downloads against a bare file server, measured in one run on a
// fresh database with 100,000 keys and 200,000 activations, on SQLite and (when reachable)
// PostgreSQL. Loopback only; every load is bounded in time. See docs/performance.md.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { createDb } from "../lib/db";
import { parseDatabaseUrl, type DatabaseTarget } from "../lib/db/url";
import { LICENSE_KEY_ALPHABET } from "../lib/licenses/key";
import { createUser } from "../lib/users/create-user";
import { migrateDatabase } from "../scripts/db/migrate";
import { combineDownloads, measureDownloads, type DownloadMeasurement } from "./downloads";
import { seedBenchFixtures, type BenchFixtures } from "./fixtures";
import { RELEASE_VERSION, seedRelease, type ReleaseFixture } from "./release-fixture";
import { combine, measure, sampleRss, type Measurement, type Scenario } from "./load";
import { timeAdminPages } from "./admin-timing";
import { writeReport, type DatabaseResult } from "./report";
import { serverNodeArgs } from "../server/node-args";

const root = path.resolve(import.meta.dirname, "..");
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const ROUNDS = 2;
const APP_PORT = 3900;
const FLOOR_PORT = 3901;
const FILE_PORT = 3902;
const STORAGE_DIR = path.join(root, "bench/tmp/files");
/** Scenario (g): this many downloads at once. */
const DOWNLOAD_CONCURRENCY = 20;
const DIST_DIR = ".next-bench";
const ADMIN = { email: "bench-admin@example.com", password: "bench-admin-pass" };
const POSTGRES_SERVER = process.env.TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

function log(message: string) {
  console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}`);
}

function start(args: string[], env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, args, { cwd: root, env: { ...process.env, ...env }, stdio: ["ignore", "ignore", "inherit"] });
}

async function waitFor(url: string) {
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

async function postgresReachable(): Promise<boolean> {
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

async function freshDatabase(provider: "sqlite" | "postgresql"): Promise<{ target: DatabaseTarget; drop: () => Promise<void> }> {
  if (provider === "sqlite") {
    const file = path.join(root, "bench/tmp/bench.db");
    mkdirSync(path.dirname(file), { recursive: true });
    for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(file + suffix, { force: true });
    return { target: parseDatabaseUrl(`file:${file}`), drop: async () => undefined };
  }
  const name = `cp_bench_${randomBytes(4).toString("hex")}`;
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

/** A key whose last (check) character is wrong: rejected before any database work. */
function mistype(key: string): string {
  const last = key.at(-1) ?? "0";
  const other = LICENSE_KEY_ALPHABET[(LICENSE_KEY_ALPHABET.indexOf(last) + 1) % LICENSE_KEY_ALPHABET.length];
  return key.slice(0, -1) + other;
}

function scenarios(fixtures: BenchFixtures): Scenario[] {
  const verify = `http://127.0.0.1:${APP_PORT}/api/v1/licenses/verify`;
  const pick = <T>(list: T[]) => list[Math.floor(Math.random() * list.length)] as T;
  let fresh = 0;
  const run = randomBytes(3).toString("hex");
  return [
    { id: "a", label: "Next.js route, constant JSON", url: `http://127.0.0.1:${APP_PORT}/api/ping`, method: "GET", nextBody: null },
    { id: "b", label: "Verify, known key + known domain", url: verify, method: "POST", nextBody: () => JSON.stringify(pick(fixtures.known)) },
    {
      id: "c", label: "Verify, new activation", url: verify, method: "POST",
      nextBody: () => JSON.stringify({ key: pick(fixtures.unlimited), domain: `new-${run}-${fresh++}.example.org` }),
    },
    { id: "d", label: "Verify, mistyped key", url: verify, method: "POST", nextBody: () => JSON.stringify({ key: mistype(pick(fixtures.known).key), domain: "example.com" }) },
    { id: "e", label: "node:http + one prepared statement", url: `http://127.0.0.1:${FLOOR_PORT}/verify`, method: "POST", nextBody: () => JSON.stringify(pick(fixtures.known)) },
    {
      id: "f", label: "Update check, known key + known site", url: `http://127.0.0.1:${APP_PORT}/api/v1/updates/bench-plugin`, method: "GET", nextBody: null,
      // What plugin-update-checker sends, with the key and site a plugin adds through addQueryArgFilter.
      nextPath: () => {
        const { key, domain } = pick(fixtures.known);
        return `/api/v1/updates/bench-plugin?installed_version=1.0.0&php=8.2.10&locale=en_US&checking_for_updates=1&license_key=${key}&domain=${domain}`;
      },
      headers: { "user-agent": "WordPress/6.7; https://bench.example" },
    },
  ];
}

/** Proves each scenario answers what it claims before it is timed. */
async function checkAnswers(list: Scenario[]) {
  const expected: Record<string, (body: Record<string, unknown>) => boolean> = {
    a: (b) => b.ok === true,
    b: (b) => b.code === "VALID" && (b.environment as { activated: boolean }).activated === false,
    c: (b) => b.code === "VALID" && (b.environment as { activated: boolean }).activated === true,
    d: (b) => b.code === "NOT_FOUND",
    e: (b) => b.valid === true,
    f: (b) => (b.license as { code: string }).code === "VALID" && b.version === RELEASE_VERSION && typeof b.download_url === "string",
  };
  for (const scenario of list) {
    const response = await fetch(scenario.nextPath ? new URL(scenario.nextPath(), scenario.url) : scenario.url, {
      method: scenario.method,
      headers: { "content-type": "application/json", ...scenario.headers },
      body: scenario.nextBody?.() ?? undefined,
    });
    const body = (await response.json()) as Record<string, unknown>;
    if (!expected[scenario.id]?.(body)) throw new Error(`scenario ${scenario.id} answered unexpectedly: ${JSON.stringify(body)}`);
  }
}

/**
 * Scenario (g): DOWNLOAD_CONCURRENCY downloads at once of the 50 MB release from the store (a
 * customer's link: token check, key and entitlement check, a Download row, then the file) and from
 * the bare file server, in alternating rounds; and how far the store's RSS rises above what it was
 * just before its first download.
 */
async function benchDownloads(provider: string, appPid: number, release: ReleaseFixture) {
  const store = `http://127.0.0.1:${APP_PORT}${release.downloadPath}`;
  const bare = `http://127.0.0.1:${FILE_PORT}/`;
  const check = await measureDownloads(store, release.size, 1, 0);
  if (check.errors) throw new Error("scenario g: the store did not serve the release");
  const rounds = { store: [] as DownloadMeasurement[], bare: [] as DownloadMeasurement[] };
  const rssBeforeMb = sampleRss(appPid).stop();
  let rssPeakMb = rssBeforeMb;
  for (let round = 1; round <= ROUNDS; round++) {
    log(`${provider}: round ${round}/${ROUNDS}, scenario g (${DOWNLOAD_CONCURRENCY} concurrent downloads of ${release.size / 2 ** 20} MB)`);
    const rss = sampleRss(appPid);
    rounds.store.push(await measureDownloads(store, release.size, DOWNLOAD_CONCURRENCY, SECONDS / ROUNDS));
    rssPeakMb = Math.max(rssPeakMb, rss.stop());
    rounds.bare.push(await measureDownloads(bare, release.size, DOWNLOAD_CONCURRENCY, SECONDS / ROUNDS));
  }
  return { store: combineDownloads(rounds.store), bare: combineDownloads(rounds.bare), rssBeforeMb, rssPeakMb, concurrency: DOWNLOAD_CONCURRENCY, sizeMb: release.size / 2 ** 20 };
}

async function benchDatabase(provider: "sqlite" | "postgresql"): Promise<DatabaseResult> {
  const { target, drop } = await freshDatabase(provider);
  try {
    log(`${provider}: migrating and writing 100,000 keys + 200,000 activations`);
    migrateDatabase(target);
    const seededAt = Date.now();
    const fixtures = await seedBenchFixtures(target);
    const release = await seedRelease(target, STORAGE_DIR, "bench-plugin", fixtures.known[0]?.key ?? "");
    const db = createDb(target);
    await createUser(db, { ...ADMIN, role: "ADMIN" });
    await db.$disconnect();
    log(`${provider}: fixtures written in ${((Date.now() - seededAt) / 1000).toFixed(1)} s`);

    const env = {
      DATABASE_URL: target.url, PORT: String(APP_PORT), STORE_MODE: "demo", NODE_ENV: "production",
      NEXTAUTH_SECRET: randomBytes(32).toString("base64url"), NEXTAUTH_URL: `http://127.0.0.1:${APP_PORT}`,
      NEXT_DIST_DIR: DIST_DIR, VERIFY_RATE_LIMIT_PER_IP: "1000000000", VERIFY_RATE_LIMIT_PER_KEY: "1000000000", REDIS_URL: "",
      STORAGE_DIR, S3_BUCKET: "",
    };
    const app = start(serverNodeArgs(256), env);
    const floor = start(["--import", "tsx", "bench/floor-server.ts"], { DATABASE_URL: target.url, PORT: String(FLOOR_PORT) });
    const files = start(["--import", "tsx", "bench/file-server.ts"], { FILE: release.filePath, PORT: String(FILE_PORT) });
    try {
      await Promise.all([
        waitFor(`http://127.0.0.1:${APP_PORT}/api/health`),
        waitFor(`http://127.0.0.1:${FLOOR_PORT}/`),
        waitFor(`http://127.0.0.1:${FILE_PORT}/`),
      ]);
      const list = scenarios(fixtures);
      await checkAnswers(list);
      log(`${provider}: warming up`);
      for (const scenario of list) await measure(scenario, 2);
      const appRss = sampleRss(app.pid ?? 0);
      const floorRss = sampleRss(floor.pid ?? 0);
      const appRssOverall = sampleRss(app.pid ?? 0);
      const rounds = new Map<string, Measurement[]>();
      for (let round = 1; round <= ROUNDS; round++) {
        for (const scenario of list) {
          log(`${provider}: round ${round}/${ROUNDS}, scenario ${scenario.id} (${scenario.label})`);
          rounds.set(scenario.id, [...(rounds.get(scenario.id) ?? []), await measure(scenario, SECONDS / ROUNDS)]);
        }
      }
      const appLoadPeak = appRss.stop();
      const downloads = await benchDownloads(provider, app.pid ?? 0, release);
      const admin = await timeAdminPages(`http://127.0.0.1:${APP_PORT}`, ADMIN, fixtures.searchEmail).catch((error: unknown) => {
        log(`${provider}: admin page timing failed: ${error instanceof Error ? error.message : String(error)}`);
        return null;
      });
      return {
        provider,
        scenarios: list.map((s) => ({ id: s.id, label: s.label, ...combine(rounds.get(s.id) ?? []) })),
        peakRssMb: { app: appRssOverall.stop(), appDuringLoad: appLoadPeak, floor: floorRss.stop() },
        admin,
        downloads,
      };
    } finally {
      app.kill("SIGTERM");
      floor.kill("SIGTERM");
      files.kill("SIGTERM");
    }
  } finally {
    await drop();
  }
}

async function main() {
  const startedAt = Date.now();
  log("building the app");
  const build = spawnSync(process.execPath, ["--import", "tsx", "scripts/start.ts", "--build-only"], {
    cwd: root, stdio: "inherit", env: { ...process.env, NEXT_DIST_DIR: DIST_DIR, STORE_MODE: "demo", DATABASE_URL: "" },
  });
  if (build.status !== 0) throw new Error("build failed");
  const results: DatabaseResult[] = [await benchDatabase("sqlite")];
  if (await postgresReachable()) results.push(await benchDatabase("postgresql"));
  else log("PostgreSQL not reachable: skipped");
  writeReport(results, { seconds: SECONDS, rounds: ROUNDS, totalSeconds: (Date.now() - startedAt) / 1000 });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
