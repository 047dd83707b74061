// `npm test`: Vitest (unit + integration + wordpress) and then Playwright (end to end against the
// built app), each streaming its own output, then one totals line: `N passed, N failed[, N skipped]`.
// `--unit`, `--integration`, `--wordpress`, `--e2e` run a subset. PostgreSQL integration tests run
// when TEST_POSTGRES_URL answers; with CI=true or REQUIRE_POSTGRES=1 an unreachable server fails
// the run. The WordPress tests run when PHP, WordPress core and MariaDB are there (else they are
// skipped); with CI=true or REQUIRE_WORDPRESS=1 a missing one fails the run.
import { spawn } from "node:child_process";
import path from "node:path";
import pg from "pg";
import { WORDPRESS_REQUIRED, wordPressAvailability } from "../tests/helpers/wordpress-availability";

const root = path.resolve(import.meta.dirname, "..");
const bin = (name: string) => path.join(root, "node_modules/.bin", name);
const POSTGRES_URL = process.env.TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const requirePostgres = ["true", "1"].includes(process.env.CI ?? "") || process.env.REQUIRE_POSTGRES === "1";

type Counts = { passed: number; failed: number; skipped: number };
type Result = Counts & { name: string; summary: string };

const requested = ["--unit", "--integration", "--wordpress", "--e2e"].filter((flag) => process.argv.includes(flag));
const wants = (flag: string) => requested.length === 0 || requested.includes(flag);

const stripAnsi = (text: string) => text.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, "");

async function isPostgresReachable(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  client.on("error", () => {}); // a dropped connection after connect() must not crash the runner
  try {
    await client.connect();
    await client.query("SELECT 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/** Runs a command with its output streamed live and captured (without colours) for parsing. */
function run(command: string, args: string[]): Promise<{ code: number; output: string }> {
  console.log(`\n$ ${path.basename(command)} ${args.join(" ")}\n`);
  // Output is piped, so keep colours explicitly when our own output is a terminal.
  const env = { ...process.env, ...(process.stdout.isTTY ? { FORCE_COLOR: "1" } : {}) };
  const child = spawn(command, args, { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => {
    process.stdout.write(chunk);
    output += chunk.toString();
  });
  child.stderr.on("data", (chunk: Buffer) => {
    process.stderr.write(chunk);
    output += chunk.toString();
  });
  return new Promise((resolve) => {
    child.on("error", (error) => resolve({ code: 1, output: `${output}\n${error.message}` }));
    child.on("close", (code) => resolve({ code: code ?? 1, output: stripAnsi(output) }));
  });
}

/** A runner that exits non-zero without a failing test (crash, config error) still counts as one failure. */
function finish(name: string, code: number, counts: Counts, summary: string): Result {
  const failed = code !== 0 && counts.failed === 0 ? 1 : counts.failed;
  const note = code !== 0 && counts.failed === 0 ? ` (exited with code ${code})` : "";
  return { name, ...counts, failed, summary: (summary || "no summary line found") + note };
}

// Vitest: " Tests  3 failed | 40 passed | 2 skipped (45)".
async function runVitest(projects: string[]): Promise<Result> {
  const args = ["run", "--passWithNoTests", ...projects.flatMap((project) => ["--project", project])];
  const { code, output } = await run(bin("vitest"), args);
  const line = output.match(/^\s*Tests\s+(.+\(\d+\))\s*$/m)?.[1] ?? "";
  const count = (word: string) => Number(line.match(new RegExp(`(\\d+) ${word}`))?.[1] ?? 0);
  const counts = { passed: count("passed"), failed: count("failed"), skipped: count("skipped") + count("todo") };
  return finish("Vitest", code, counts, line && `Tests  ${line}`);
}

// Playwright's list reporter ends with lines such as "  2 failed", "  1 skipped", "  7 passed (31.8s)".
async function runPlaywright(): Promise<Result> {
  const { code, output } = await run(bin("playwright"), ["test"]);
  const lines = [...output.matchAll(/^\s*(\d+) (passed|failed|flaky|skipped|interrupted|did not run)\b.*$/gm)];
  const count = (...words: string[]) =>
    lines.filter((m) => words.includes(m[2] ?? "")).reduce((sum, m) => sum + Number(m[1]), 0);
  const counts = { passed: count("passed", "flaky"), failed: count("failed", "interrupted"), skipped: count("skipped", "did not run") };
  return finish("Playwright", code, counts, lines.map((m) => m[0].trim()).join(", "));
}

async function main() {
  const vitestProjects = ["unit", "integration", "wordpress"].filter((project) => wants(`--${project}`));

  if (vitestProjects.includes("integration")) {
    const where = new URL(POSTGRES_URL).host;
    if (await isPostgresReachable(POSTGRES_URL)) {
      console.log(`PostgreSQL: reachable (${where}), integration tests will run on it`);
    } else if (requirePostgres) {
      console.error(
        `PostgreSQL: not reachable at ${where}, and CI=true or REQUIRE_POSTGRES=1 requires it.\n` +
          "Start PostgreSQL (or set TEST_POSTGRES_URL) and run the tests again.",
      );
      console.log("0 passed, 1 failed");
      process.exit(1);
    } else {
      console.log(`PostgreSQL: not reachable (${where}) — PostgreSQL tests SKIPPED (set TEST_POSTGRES_URL to run them)`);
    }
  }

  if (vitestProjects.includes("wordpress")) {
    const wordpress = wordPressAvailability();
    if (wordpress.available) {
      console.log("WordPress: PHP, WordPress core and MariaDB found, WordPress tests will run");
    } else if (WORDPRESS_REQUIRED) {
      console.error(
        `WordPress: not available (${wordpress.reason}), and CI=true or REQUIRE_WORDPRESS=1 requires it.\n` +
          "Install PHP, WordPress and MariaDB (.ci/run shows how), start MariaDB on 127.0.0.1:3306, and run the tests again.",
      );
      console.log("0 passed, 1 failed");
      process.exit(1);
    } else {
      console.log(`WordPress: not available (${wordpress.reason}) — WordPress tests SKIPPED (CI=true or REQUIRE_WORDPRESS=1 makes this a failure)`);
    }
  }

  const results: Result[] = [];
  if (vitestProjects.length > 0) results.push(await runVitest(vitestProjects));
  if (wants("--e2e")) results.push(await runPlaywright());

  console.log("\nSummary");
  for (const result of results) console.log(`  ${result.name.padEnd(11)} ${result.summary}`);
  const total = (key: keyof Counts) => results.reduce((sum, result) => sum + result[key], 0);
  const skipped = total("skipped");
  console.log(`${total("passed")} passed, ${total("failed")} failed${skipped > 0 ? `, ${skipped} skipped` : ""}`);
  process.exit(results.some((result) => result.failed > 0) ? 1 : 0);
}

void main();
