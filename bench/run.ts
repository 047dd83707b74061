// `npm run bench`: Verify API and update check throughput against the framework's ceiling and the
// machine's floor, release downloads against a bare file server, the cost of the request log, and
// the admin and customer pages, on stores of 100,000 and 1,000,000 keys (BENCH_KEYS) measured in
// the same run, on SQLite and (when reachable) PostgreSQL. Loopback only; every load is bounded in
// time. See docs/performance.md.
import { type ChildProcess, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { createDb } from "../lib/db";
import type { DatabaseTarget } from "../lib/db/url";
import { createUser } from "../lib/users/create-user";
import { migrateDatabase } from "../scripts/db/migrate";
import { serverNodeArgs } from "../server/node-args";
import { timePages } from "./admin-timing";
import { combineDownloads, measureDownloads, type DownloadMeasurement } from "./downloads";
import { BENCH_CUSTOMER, seedBenchFixtures, type BenchFixtures } from "./fixtures";
import { combine, measure, sampleRss, type Measurement, type Scenario } from "./load";
import { freshDatabase, log, postgresReachable, root, start, TMP, waitFor } from "./processes";
import { seedRelease, type ReleaseFixture } from "./release-fixture";
import { writeReport, type DatabaseResult, type LoggingResult, type SizeResult } from "./report";
import { checkAnswers, knownKeyScenario, scenarios } from "./scenarios";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
/** Store sizes, smallest first: the smallest is the reference the others are compared with. */
const SIZES = (process.env.BENCH_KEYS ?? "100000,1000000").split(",").map(Number).sort((a, b) => a - b);
const DATABASES = (process.env.BENCH_DATABASES ?? "sqlite,postgresql").split(",");
const ROUNDS = 2;
/** The logging comparison alternates more, shorter rounds: it looks for a few per cent. */
const LOG_ROUNDS = 6;
/** Scenario (g): this many downloads at once. */
const DOWNLOAD_CONCURRENCY = 20;
const FILE_PORT = 3902;
/** The logging comparison's two servers, started fresh together: LOG_LEVEL=info and silent. */
const LOG_PORTS = { info: 3905, silent: 3906 };
const DIST_DIR = ".next-bench";
const ADMIN = { email: "bench-admin@example.com", password: "bench-admin-pass" };

type Store = {
  keys: number;
  target: DatabaseTarget;
  fixtures: BenchFixtures;
  release: ReleaseFixture;
  app: string;
  floor: string;
  processes: ChildProcess[];
};

const local = (port: number) => `http://127.0.0.1:${port}`;

function appEnv(target: DatabaseTarget, port: number, storageDir: string, logLevel: string): Record<string, string> {
  return {
    DATABASE_URL: target.url, PORT: String(port), STORE_MODE: "demo", NODE_ENV: "production", LOG_LEVEL: logLevel,
    NEXTAUTH_SECRET: randomBytes(32).toString("base64url"), NEXTAUTH_URL: local(port),
    NEXT_DIST_DIR: DIST_DIR, VERIFY_RATE_LIMIT_PER_IP: "1000000000", VERIFY_RATE_LIMIT_PER_KEY: "1000000000", REDIS_URL: "",
    STORAGE_DIR: storageDir, S3_BUCKET: "",
  };
}

/** Writes one store's database and starts its app server (logging at info, to a file) and floor server. */
async function openStore(provider: string, keys: number, index: number, target: DatabaseTarget): Promise<Store> {
  log(`${provider}: migrating and writing ${keys.toLocaleString("en-US")} keys`);
  migrateDatabase(target);
  const fixtures = await seedBenchFixtures(target, keys);
  const storageDir = path.join(TMP, `files-${keys}`);
  const release = await seedRelease(target, storageDir, "bench-plugin", fixtures.known[0]?.key ?? "");
  const db = createDb(target);
  await createUser(db, { ...ADMIN, role: "ADMIN" });
  await db.$disconnect();
  log(`${provider}: ${fixtures.rows.toLocaleString("en-US")} rows written in ${fixtures.seconds.toFixed(1)} s`);
  const appPort = 3900 + 10 * index;
  const floorPort = appPort + 1;
  const processes = [
    start(serverNodeArgs(256), appEnv(target, appPort, storageDir, "info"), path.join(TMP, `app-${provider}-${keys}.log`)),
    start(["--import", "tsx", "bench/floor-server.ts"], { DATABASE_URL: target.url, PORT: String(floorPort) }),
  ];
  await Promise.all([waitFor(`${local(appPort)}/api/health`), waitFor(`${local(floorPort)}/`)]);
  return { keys, target, fixtures, release, app: local(appPort), floor: local(floorPort), processes };
}

/**
 * Scenario (g): DOWNLOAD_CONCURRENCY downloads at once of the 50 MB release from the store (a
 * customer's link: token check, key and entitlement check, a Download row, then the file) and from
 * the bare file server, in alternating rounds; and how far the store's RSS rises above what it was
 * just before its first download.
 */
async function benchDownloads(provider: string, store: Store, appPid: number) {
  const url = `${store.app}${store.release.downloadPath}`;
  const bare = `${local(FILE_PORT)}/`;
  const check = await measureDownloads(url, store.release.size, 1, 0);
  if (check.errors) throw new Error("scenario g: the store did not serve the release");
  const rounds = { store: [] as DownloadMeasurement[], bare: [] as DownloadMeasurement[] };
  const rssBeforeMb = sampleRss(appPid).stop();
  let rssPeakMb = rssBeforeMb;
  for (let round = 1; round <= ROUNDS; round++) {
    log(`${provider}: round ${round}/${ROUNDS}, scenario g (${DOWNLOAD_CONCURRENCY} concurrent downloads of ${store.release.size / 2 ** 20} MB)`);
    const rss = sampleRss(appPid);
    rounds.store.push(await measureDownloads(url, store.release.size, DOWNLOAD_CONCURRENCY, SECONDS / ROUNDS));
    rssPeakMb = Math.max(rssPeakMb, rss.stop());
    rounds.bare.push(await measureDownloads(bare, store.release.size, DOWNLOAD_CONCURRENCY, SECONDS / ROUNDS));
  }
  return { store: combineDownloads(rounds.store), bare: combineDownloads(rounds.bare), rssBeforeMb, rssPeakMb, concurrency: DOWNLOAD_CONCURRENCY, sizeMb: store.release.size / 2 ** 20 };
}

const logLines = (file: string) => readFileSync(file, "utf8").split("\n").filter((line) => line.startsWith("{")).length;

/**
 * Scenario (b) against two servers of the same store started together, one logging at info (one
 * line per request, to a file) and one silent, in alternating rounds (which goes first alternates
 * too); the lines the first wrote per request show that it really logged.
 */
async function benchLogging(provider: string, store: Store): Promise<LoggingResult> {
  const logFile = path.join(TMP, `log-info-${provider}.log`);
  const storageDir = path.join(TMP, `files-${store.keys}`);
  const servers = [
    start(serverNodeArgs(256), appEnv(store.target, LOG_PORTS.info, storageDir, "info"), logFile),
    start(serverNodeArgs(256), appEnv(store.target, LOG_PORTS.silent, storageDir, "silent")),
  ];
  try {
    await Promise.all(Object.values(LOG_PORTS).map((port) => waitFor(`${local(port)}/api/health`)));
    const scenario = { info: knownKeyScenario(store.fixtures, local(LOG_PORTS.info)), silent: knownKeyScenario(store.fixtures, local(LOG_PORTS.silent)) };
    for (const level of ["info", "silent"] as const) await measure(scenario[level], 2);
    const rounds = { info: [] as Measurement[], silent: [] as Measurement[] };
    const linesBefore = logLines(logFile);
    for (let round = 1; round <= LOG_ROUNDS; round++) {
      log(`${provider}: round ${round}/${LOG_ROUNDS}, scenario b with LOG_LEVEL=info and silent`);
      const order = round % 2 ? (["info", "silent"] as const) : (["silent", "info"] as const);
      for (const level of order) rounds[level].push(await measure(scenario[level], (1.5 * SECONDS) / LOG_ROUNDS));
    }
    const result = { info: combine(rounds.info), silent: combine(rounds.silent) };
    // Lines are written asynchronously: give the last ones a moment to reach the file.
    await new Promise((resolve) => setTimeout(resolve, 500));
    return { ...result, cost: 1 - result.info.reqPerSec / result.silent.reqPerSec, linesPerRequest: (logLines(logFile) - linesBefore) / result.info.requests };
  } finally {
    for (const server of servers) server.kill("SIGTERM");
  }
}

async function benchDatabase(provider: "sqlite" | "postgresql"): Promise<DatabaseResult> {
  const stores: Store[] = [];
  const drops: (() => Promise<void>)[] = [];
  const others: ChildProcess[] = [];
  try {
    for (const [index, keys] of SIZES.entries()) {
      const { target, drop } = await freshDatabase(provider, keys);
      drops.push(drop);
      stores.push(await openStore(provider, keys, index, target));
    }
    const base = stores[0]!;
    others.push(start(["--import", "tsx", "bench/file-server.ts"], { FILE: base.release.filePath, PORT: String(FILE_PORT) }));
    await waitFor(`${local(FILE_PORT)}/`);

    const lists = new Map<Store, Scenario[]>(stores.map((store) => [store, scenarios(store.fixtures, store.app, store.floor)]));
    for (const list of lists.values()) await checkAnswers(list);
    log(`${provider}: warming up`);
    for (const list of lists.values()) for (const scenario of list) await measure(scenario, 2);
    const rss = stores.map((store) => ({ app: sampleRss(store.processes[0]?.pid ?? 0), overall: sampleRss(store.processes[0]?.pid ?? 0), floor: sampleRss(store.processes[1]?.pid ?? 0) }));
    // Each scenario runs on every store in turn, round after round, so the stores share the noise.
    const rounds = new Map<string, Measurement[]>();
    const ids = lists.get(base)?.map((s) => s.id) ?? [];
    for (let round = 1; round <= ROUNDS; round++) {
      for (const id of ids) {
        for (const [store, list] of lists) {
          const scenario = list.find((s) => s.id === id);
          if (!scenario) continue;
          log(`${provider}: round ${round}/${ROUNDS}, ${store.keys.toLocaleString("en-US")} keys, scenario ${id} (${scenario.label})`);
          const key = `${store.keys}:${id}`;
          rounds.set(key, [...(rounds.get(key) ?? []), await measure(scenario, SECONDS / ROUNDS)]);
        }
      }
    }
    const duringLoad = rss.map((r) => r.app.stop());
    const downloads = await benchDownloads(provider, base, base.processes[0]?.pid ?? 0);
    const logging = await benchLogging(provider, base);
    const sizes: SizeResult[] = [];
    for (const [index, store] of stores.entries()) {
      log(`${provider}: ${store.keys.toLocaleString("en-US")} keys, timing the admin and account pages`);
      const pages = await timePages(store.app, { admin: ADMIN, customer: BENCH_CUSTOMER }, store.fixtures.searchEmail).catch((error: unknown) => {
        log(`${provider}: page timing failed: ${error instanceof Error ? error.message : String(error)}`);
        return null;
      });
      sizes.push({
        keys: store.keys,
        rows: store.fixtures.rows,
        fixtureSeconds: store.fixtures.seconds,
        scenarios: (lists.get(store) ?? []).map((s) => ({ id: s.id, label: s.label, ...combine(rounds.get(`${store.keys}:${s.id}`) ?? []) })),
        pages,
        peakRssMb: { app: rss[index]?.overall.stop() ?? 0, appDuringLoad: duringLoad[index] ?? 0, floor: rss[index]?.floor.stop() ?? 0 },
      });
    }
    return { provider, sizes, downloads, logging };
  } finally {
    for (const child of [...stores.flatMap((store) => store.processes), ...others]) child.kill("SIGTERM");
    for (const drop of drops) await drop();
  }
}

async function main() {
  const startedAt = Date.now();
  if (process.env.BENCH_REUSE_BUILD === "1") {
    log(`reusing the build in ${DIST_DIR} (BENCH_REUSE_BUILD=1)`);
  } else {
    log("building the app");
    const build = spawnSync(process.execPath, ["--import", "tsx", "scripts/start.ts", "--build-only"], {
      cwd: root, stdio: "inherit", env: { ...process.env, NEXT_DIST_DIR: DIST_DIR, STORE_MODE: "demo", DATABASE_URL: "" },
    });
    if (build.status !== 0) throw new Error("build failed");
  }
  const results: DatabaseResult[] = [];
  if (DATABASES.includes("sqlite")) results.push(await benchDatabase("sqlite"));
  if (!DATABASES.includes("postgresql")) log("PostgreSQL not asked for (BENCH_DATABASES)");
  else if (await postgresReachable()) results.push(await benchDatabase("postgresql"));
  else log("PostgreSQL not reachable: skipped");
  writeReport(results, { seconds: SECONDS, rounds: ROUNDS, logRounds: LOG_ROUNDS, totalSeconds: (Date.now() - startedAt) / 1000 });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
