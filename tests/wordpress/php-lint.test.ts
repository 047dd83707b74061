// Every PHP file of the WordPress SDK, found when the test runs: `php -l` with the PHP on PATH
// (Debian's 8.2), and the PHP 7.4 check of tests/helpers/php-compat.ts, since the SDK promises
// PHP >= 7.4 and no PHP 7.4 is to be had here. The PHP 7.4 check needs no PHP binary.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { findPhp74Problems, formatPhpProblems } from "../helpers/php-compat";
// The rule of the other WordPress tests: on CI or with REQUIRE_WORDPRESS=1 a missing PHP fails.
import { WORDPRESS_REQUIRED } from "../helpers/wordpress-availability";

const SDK_DIR = path.resolve(import.meta.dirname, "../../sdk/wordpress");
const INSTALL_HINT = "apt-get install php8.2-cli";
// Every error level, printed once: a compile-time deprecation fails a file as a syntax error does.
const LINT_FLAGS = ["-d", "error_reporting=-1", "-d", "display_errors=1", "-d", "log_errors=0", "-l"];


/** The SDK's `.php` files, relative to sdk/wordpress, sorted; none when the folder is missing. */
function findSdkPhpFiles(): string[] {
  if (!existsSync(SDK_DIR)) return [];
  return readdirSync(SDK_DIR, { recursive: true, encoding: "utf8" })
    .filter((file) => file.endsWith(".php") && statSync(path.join(SDK_DIR, file)).isFile())
    .sort();
}

/** PHP_VERSION of the `php` on PATH, or null when there is none. */
function phpOnPathVersion(): string | null {
  const run = spawnSync("php", ["-r", "echo PHP_VERSION;"], { encoding: "utf8", timeout: 15_000 });
  return run.error || run.status !== 0 ? null : run.stdout.trim();
}

const files = findSdkPhpFiles();
const phpVersion = phpOnPathVersion();

it("sdk/wordpress has PHP files to check", () => {
  expect(existsSync(SDK_DIR), `${SDK_DIR} is missing`).toBe(true);
  expect(files, `no .php file under ${SDK_DIR}`).not.toEqual([]);
});

describe(`php -l with PHP ${phpVersion ?? "(none on PATH)"}`, () => {
  it.for(files)("%s", (file, { skip }) => {
    if (phpVersion === null) {
      if (WORDPRESS_REQUIRED) throw new Error(`php is not on PATH, and CI or REQUIRE_WORDPRESS=1 requires it: ${INSTALL_HINT}`);
      skip(`php is not on PATH (${INSTALL_HINT})`);
    }
    const absolute = path.join(SDK_DIR, file);
    const lint = spawnSync("php", [...LINT_FLAGS, absolute], { encoding: "utf8", timeout: 30_000 });
    const output = `${lint.stdout}${lint.stderr}`.trim();
    expect(output).toBe(`No syntax errors detected in ${absolute}`);
  });
});

describe("PHP 7.4 (php-parser and tests/helpers/php-compat.ts)", () => {
  it.for(files)("%s", (file) => {
    const problems = findPhp74Problems(readFileSync(path.join(SDK_DIR, file), "utf8"));
    expect(formatPhpProblems(`sdk/wordpress/${file}`, problems)).toBe("");
  });
});
