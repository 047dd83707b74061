// The files and database behind one test WordPress: a copy of Debian's core with our own
// wp-config.php, a writable wp-content inside it, and a fresh MariaDB database.
import { execFile, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdir, readdir, readlink, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { WORDPRESS_CORE_DIR, WORDPRESS_DB } from "./wordpress-availability";

const run = promisify(execFile);

/** Core folders that are only ever read: hard-linked (instant), never written through. */
const LINKED = ["wp-admin", "wp-includes"];

/** A PHP literal for a string, number or boolean (what wp-config.php and test code embed). */
export function phpLiteral(value: string | number | boolean): string {
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new Error(`not a PHP number: ${value}`);
    return String(value);
  }
  return `'${value.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
}

let coreSymlinks: Promise<string[]> | undefined;

/** Symlinks in Debian's tree (to /usr/share/javascript, the CA bundle, getID3), relative to it. */
function listCoreSymlinks(): Promise<string[]> {
  coreSymlinks ??= run("find", [WORDPRESS_CORE_DIR, "-type", "l"], { maxBuffer: 1 << 20 }).then(({ stdout }) =>
    stdout.split("\n").filter(Boolean).map((file) => path.relative(WORDPRESS_CORE_DIR, file)),
  );
  return coreSymlinks;
}

/**
 * Copies core into `dir`: wp-admin and wp-includes as hard links (a real copy where linking is
 * refused, e.g. across file systems or by protected_hardlinks), everything else (wp-content, the
 * root files) as real files, so whatever WordPress writes lands in files of its own. Debian's
 * wp-config.php is left out; relative symlinks pointing outside core are made absolute.
 */
export async function copyCore(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  const entries = (await readdir(WORDPRESS_CORE_DIR)).filter((name) => name !== "wp-config.php");
  const linked = entries.filter((name) => LINKED.includes(name)).map((name) => path.join(WORDPRESS_CORE_DIR, name));
  const copied = entries.filter((name) => !LINKED.includes(name)).map((name) => path.join(WORDPRESS_CORE_DIR, name));
  try {
    await run("cp", ["-al", ...linked, dir]);
  } catch {
    for (const name of LINKED) await rm(path.join(dir, name), { recursive: true, force: true });
    await run("cp", ["-a", "--reflink=auto", ...linked, dir]);
  }
  await run("cp", ["-a", "--reflink=auto", ...copied, dir]);

  for (const relative of await listCoreSymlinks()) {
    const source = path.join(WORDPRESS_CORE_DIR, relative);
    const target = await readlink(source);
    if (path.isAbsolute(target)) continue;
    const resolved = path.resolve(path.dirname(source), target);
    if (!path.relative(WORDPRESS_CORE_DIR, resolved).startsWith("..")) continue; // still inside the copy
    const copy = path.join(dir, relative);
    await rm(copy, { force: true }); // unlink: the copy may be a hard link to Debian's symlink
    await symlink(resolved, copy);
  }

  await mkdir(path.join(dir, ".opcache"));
  const content = path.join(dir, "wp-content");
  for (const sub of ["plugins", "themes", "mu-plugins", "upgrade", "uploads"]) await mkdir(path.join(content, sub), { recursive: true });
  if ((await readdir(path.join(content, "themes"))).length === 0) await writeFallbackTheme(path.join(content, "themes", "cp-test-theme"));
}

/** A classic theme for machines whose WordPress ships none (Debian's themes are separate packages). */
async function writeFallbackTheme(dir: string) {
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, "style.css"), "/*\nTheme Name: CP Test Theme\nDescription: Minimal theme for tests.\n*/\n");
  await writeFile(
    path.join(dir, "index.php"),
    `<!DOCTYPE html>
<html <?php language_attributes(); ?>>
<head><meta charset="<?php bloginfo( 'charset' ); ?>"><?php wp_head(); ?></head>
<body <?php body_class(); ?>>
<?php wp_body_open(); ?>
<h1><?php bloginfo( 'name' ); ?></h1>
<?php while ( have_posts() ) : the_post(); the_title( '<h2>', '</h2>' ); the_content(); endwhile; ?>
<?php wp_footer(); ?>
</body>
</html>
`,
  );
}

export async function hasOnlyFallbackTheme(dir: string): Promise<boolean> {
  const themes = await readdir(path.join(dir, "wp-content", "themes"));
  return themes.length === 1 && themes[0] === "cp-test-theme";
}

/** Our own wp-config.php: the test's constants first, then defaults for whatever they left out. */
export async function writeConfig(
  dir: string,
  settings: { url: string; dbName: string; constants: Record<string, string | number | boolean> },
): Promise<void> {
  const salt = () => randomBytes(48).toString("base64url");
  const defaults: Record<string, string | number | boolean> = {
    DB_NAME: settings.dbName,
    DB_USER: WORDPRESS_DB.user,
    DB_PASSWORD: WORDPRESS_DB.password,
    DB_HOST: `${WORDPRESS_DB.host}:${WORDPRESS_DB.port}`,
    DB_CHARSET: "utf8mb4",
    DB_COLLATE: "",
    ...Object.fromEntries(
      ["AUTH_KEY", "SECURE_AUTH_KEY", "LOGGED_IN_KEY", "NONCE_KEY", "AUTH_SALT", "SECURE_AUTH_SALT", "LOGGED_IN_SALT", "NONCE_SALT"].map(
        (name) => [name, salt()],
      ),
    ),
    WP_DEBUG: true,
    WP_DEBUG_LOG: path.join(dir, "debug.log"),
    WP_DEBUG_DISPLAY: false,
    DISABLE_WP_CRON: true,
    FS_METHOD: "direct",
    WP_HOME: settings.url,
    WP_SITEURL: settings.url,
    AUTOMATIC_UPDATER_DISABLED: true,
    WP_AUTO_UPDATE_CORE: false,
    // No calls to api.wordpress.org (update checks, translations, dashboard news): the same
    // behaviour with or without internet. Hosts like 127.0.0.1 (the store under test) stay reachable.
    WP_HTTP_BLOCK_EXTERNAL: true,
  };
  if (await hasOnlyFallbackTheme(dir)) defaults.WP_DEFAULT_THEME = "cp-test-theme";

  const define = ([name, value]: [string, string | number | boolean]) => `define( ${phpLiteral(name)}, ${phpLiteral(value)} );`;
  const config = `<?php
// Written by tests/helpers/wordpress.ts for one test site (Debian's own wp-config.php is not used).
${Object.entries(settings.constants).map(define).join("\n")}

$cp_defaults = array(
${Object.entries(defaults)
  .map(([name, value]) => `\t${phpLiteral(name)} => ${phpLiteral(value)},`)
  .join("\n")}
);
foreach ( $cp_defaults as $cp_name => $cp_value ) {
\tif ( ! defined( $cp_name ) ) {
\t\tdefine( $cp_name, $cp_value );
\t}
}
unset( $cp_defaults, $cp_name, $cp_value );

$table_prefix = 'wp_';

if ( ! defined( 'ABSPATH' ) ) {
\tdefine( 'ABSPATH', __DIR__ . '/' );
}
require_once ABSPATH . 'wp-settings.php';
`;
  const file = path.join(dir, "wp-config.php");
  await rm(file, { force: true }); // replaced, never written through
  await writeFile(file, config);
}

// Statements run through PHP's mysqli, the same client WordPress uses (no mariadb CLI needed).
// A SELECT prints its first column, one row a line.
const QUERY = `
mysqli_report(MYSQLI_REPORT_OFF);
$db = mysqli_connect(getenv('CP_DB_HOST'), getenv('CP_DB_USER'), getenv('CP_DB_PASSWORD'), '', (int) getenv('CP_DB_PORT'));
if (!$db) { fwrite(STDERR, mysqli_connect_error()); exit(1); }
$result = mysqli_query($db, getenv('CP_DB_SQL'));
if (!$result) { fwrite(STDERR, mysqli_error($db)); exit(1); }
if ($result instanceof mysqli_result) { while ($row = mysqli_fetch_row($result)) { echo $row[0], "\\n"; } }`;

function databaseEnv(sql: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    CP_DB_HOST: WORDPRESS_DB.host,
    CP_DB_PORT: String(WORDPRESS_DB.port),
    CP_DB_USER: WORDPRESS_DB.user,
    CP_DB_PASSWORD: WORDPRESS_DB.password,
    CP_DB_SQL: sql,
  };
}

/** Databases and folders carry the test process's id, so leftovers of dead processes are found. */
export function newSiteNames(): { dbName: string; dir: string } {
  const id = `${process.pid}_${randomBytes(6).toString("hex")}`;
  return { dbName: `cp_wp_${id}`, dir: path.join(tmpdir(), `cp-wp-${id}`) };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

let swept: Promise<void> | undefined;

/**
 * Drops the databases and folders of test processes that died before their afterAll (killed by
 * a timeout or Ctrl-C); once per process. Sites of live processes, running in parallel, stay.
 */
export function sweepLeftovers(): Promise<void> {
  swept ??= (async () => {
    const pidOf = (name: string) => Number(/^cp[_-]wp[_-](\d+)[_-][0-9a-f]+$/.exec(name)?.[1] ?? NaN);
    const dead = (name: string) => Number.isInteger(pidOf(name)) && !isAlive(pidOf(name));
    const { stdout } = await run("php", ["-r", QUERY], { env: databaseEnv("SHOW DATABASES LIKE 'cp\\_wp\\_%'") });
    for (const name of stdout.split("\n").filter(dead)) await dropDatabase(name);
    for (const name of (await readdir(tmpdir())).filter(dead)) await rm(path.join(tmpdir(), name), { recursive: true, force: true });
  })().catch(() => {}); // best effort: a sweep that fails must not fail the test
  return swept;
}

export async function createDatabase(name: string): Promise<void> {
  try {
    await run("php", ["-r", QUERY], { env: databaseEnv(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`) });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? "";
    throw new Error(`Could not create the MariaDB database ${name}: ${stderr || (error as Error).message}`);
  }
}

export async function dropDatabase(name: string): Promise<void> {
  await run("php", ["-r", QUERY], { env: databaseEnv(`DROP DATABASE IF EXISTS \`${name}\``) });
}

/** For process exit, when nothing asynchronous runs any more. */
export function dropDatabaseSync(name: string): void {
  spawnSync("php", ["-r", QUERY], { env: databaseEnv(`DROP DATABASE IF EXISTS \`${name}\``), timeout: 10_000 });
}

