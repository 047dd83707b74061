// Whether this machine can run a real WordPress for the tests: PHP with mysqli, WordPress core
// and a MariaDB (or MySQL) server. Kept apart from wordpress.ts, which imports Vitest, so that
// scripts/test.ts can ask the same question before it starts Vitest.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";

/** Debian's `wordpress` package; WORDPRESS_CORE_DIR points elsewhere (or nowhere, to test the skip). */
export const WORDPRESS_CORE_DIR = process.env.WORDPRESS_CORE_DIR ?? "/usr/share/wordpress";
export const WORDPRESS_DB = { host: "127.0.0.1", port: 3306, user: "root", password: "" } as const;

/** CI=true (or 1) or REQUIRE_WORDPRESS=1: a missing WordPress fails the run instead of skipping. */
export const WORDPRESS_REQUIRED =
  ["true", "1"].includes(process.env.CI ?? "") || process.env.REQUIRE_WORDPRESS === "1";

export type WordPressAvailability = { available: true } | { available: false; reason: string };

let cached: WordPressAvailability | undefined;

// One PHP process answers both "is mysqli loaded" and "does the database server answer".
const PROBE = `
if (!extension_loaded('mysqli')) { echo 'PHP has no mysqli extension (apt-get install php8.2-mysql)'; exit(1); }
mysqli_report(MYSQLI_REPORT_OFF);
$db = @mysqli_connect(getenv('CP_DB_HOST'), getenv('CP_DB_USER'), getenv('CP_DB_PASSWORD'), '', (int) getenv('CP_DB_PORT'));
if (!$db) { echo 'MariaDB does not answer on ' . getenv('CP_DB_HOST') . ':' . getenv('CP_DB_PORT') . ' (' . mysqli_connect_error() . ')'; exit(1); }
echo 'ok';`;

/** PHP on PATH with mysqli, WordPress core in WORDPRESS_CORE_DIR, MariaDB answering as root. Cached per process. */
export function wordPressAvailability(): WordPressAvailability {
  cached ??= probe();
  return cached;
}

function probe(): WordPressAvailability {
  const settings = path.join(WORDPRESS_CORE_DIR, "wp-settings.php");
  if (!existsSync(settings)) return { available: false, reason: `WordPress core not found (${settings} is missing)` };
  const env = {
    ...process.env,
    CP_DB_HOST: WORDPRESS_DB.host,
    CP_DB_PORT: String(WORDPRESS_DB.port),
    CP_DB_USER: WORDPRESS_DB.user,
    CP_DB_PASSWORD: WORDPRESS_DB.password,
  };
  const php = spawnSync("php", ["-r", PROBE], { env, encoding: "utf8", timeout: 15_000 });
  if (php.error) {
    const missing = (php.error as NodeJS.ErrnoException).code === "ENOENT";
    return { available: false, reason: missing ? "php is not on PATH" : `php did not run: ${php.error.message}` };
  }
  if (php.status !== 0 || php.stdout.trim() !== "ok") {
    return { available: false, reason: (php.stdout.trim() || php.stderr.trim() || `php exited with ${php.status}`).slice(0, 500) };
  }
  return { available: true };
}
