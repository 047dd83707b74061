// A real WordPress site for the SDK's tests: Debian's WordPress core copied into a temp folder with
// our own wp-config.php, installed by WordPress's own installer into a fresh MariaDB database, and
// served over HTTP by `php -S`. Tests reach it three ways: PHP run inside it from the CLI (php()),
// a signed-in admin over HTTP (admin()) and an anonymous visitor (get()).
import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import { copyFile, cp, readFile, rm } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, beforeEach } from "vitest";
import { signInAdmin, type AdminBrowser } from "./wordpress-browser";
import { WORDPRESS_REQUIRED, wordPressAvailability } from "./wordpress-availability";
import { parseDebugLog, runPhp, type PhpError } from "./wordpress-php";
import { freePort } from "./free-port";
import { killGroup, startPhpServer, stopPhpServer, waitForHttp, type PhpServer } from "./wordpress-server";
import { copyCore, createDatabase, dropDatabase, dropDatabaseSync, newSiteNames, phpLiteral, sweepLeftovers, writeConfig } from "./wordpress-setup";

export { WORDPRESS_REQUIRED, wordPressAvailability } from "./wordpress-availability";
export { phpLiteral } from "./wordpress-setup";
export type { AdminBrowser } from "./wordpress-browser";

export type WordPressSite = {
  /** http://127.0.0.1:<port>, also WordPress's siteurl and home. */
  url: string;
  /** The site's root (ABSPATH), a temp directory. */
  dir: string;
  /** Its wp-content (plugins/, themes/, mu-plugins/, upgrade/ writable). */
  contentDir: string;
  /**
   * Runs PHP in the CLI after loading WordPress. `code` is a function body whose `return` value
   * comes back JSON-decoded. Throws (with PHP's output) on a fatal error, an uncaught exception
   * or exit. `admin`: WP_ADMIN defined, admin includes and upgrader classes loaded, the admin
   * signed in as the current user. `env`: extra environment for the PHP process.
   */
  php<T = unknown>(code: string, options?: { admin?: boolean; env?: Record<string, string> }): Promise<T>;
  /** Every PHP error seen so far (runner and debug.log) as "Warning: message at file:line". */
  phpErrors(): Promise<string[]>;
  /** Copies a folder into wp-content/plugins/<folderName> (replacing one already there). */
  installPlugin(sourceDir: string, folderName: string): Promise<void>;
  /** Copies one PHP file into wp-content/mu-plugins. */
  installMuPlugin(file: string): Promise<void>;
  /** activate_plugin("my-plugin/my-plugin.php") in an admin context; throws on WP_Error or output. */
  activatePlugin(pluginFile: string): Promise<void>;
  /** deactivate_plugins(), so the plugin's deactivation hook runs. */
  deactivatePlugin(pluginFile: string): Promise<void>;
  /** An admin signed in through wp-login.php over HTTP, with its own cookie jar. */
  admin(): Promise<AdminBrowser>;
  /** A plain GET without cookies; redirects are returned, not followed. */
  get(path: string): Promise<{ status: number; headers: Headers; body: string }>;
  /** The PHP server's stderr tail and debug.log's tail, for a failing test's message. */
  diagnostics(): Promise<string>;
  /** Stops the PHP server, drops the database, removes the directory. */
  stop(): Promise<void>;
};

export type WordPressOptions = {
  /** define()d at the top of wp-config.php, before the defaults and before any plugin loads. */
  constants?: Record<string, string | number | boolean>;
  title?: string;
};

const ADMIN_USER = "admin";
const TAIL_LINES = 30;

/** Whatever is still running when the test process ends goes with it. */
const cleanups = new Set<() => void>();
process.once("exit", () => {
  for (const cleanup of cleanups) cleanup();
});

/** Creates, installs and serves one independent site (own folder, port and database). */
export async function startWordPress(options: WordPressOptions = {}): Promise<WordPressSite> {
  await sweepLeftovers();
  const { dbName, dir } = newSiteNames();
  const contentDir = path.join(dir, "wp-content");
  const debugLog = path.join(dir, "debug.log");
  const password = randomBytes(18).toString("base64url");
  const runnerErrors: PhpError[] = [];
  let server: PhpServer | undefined;
  let url = "";

  const exitCleanup = () => {
    if (server) killGroup(server.child, "SIGKILL");
    dropDatabaseSync(dbName);
    rmSync(dir, { recursive: true, force: true });
  };
  cleanups.add(exitCleanup);

  const diagnostics = async () => {
    const log = await readFile(debugLog, "utf8").catch(() => "(no debug.log)");
    const cut = (line: string) => (line.length > 600 ? `${line.slice(0, 600)}…` : line); // core's deprecations run long
    const logTail = log.trimEnd().split("\n").slice(-TAIL_LINES).map(cut).join("\n");
    const serverTail = server ? server.stderrTail(TAIL_LINES) : "(not started)";
    return `--- PHP server stderr (last ${TAIL_LINES} lines) ---\n${serverTail}\n--- debug.log (last ${TAIL_LINES} lines) ---\n${logTail}`;
  };
  const withDiagnostics = async (error: unknown): Promise<Error> => {
    const message = error instanceof Error ? error.message : String(error);
    return new Error(`${message}\n${await diagnostics()}`, { cause: error });
  };

  const php = async <T>(code: string, phpOptions: { admin?: boolean; env?: Record<string, string>; install?: boolean } = {}) => {
    const outcome = await runPhp({ dir, url, debugLog, code, ...phpOptions });
    runnerErrors.push(...outcome.errors);
    if (!outcome.ok) throw await withDiagnostics(new Error(outcome.failure));
    return outcome.result as T;
  };

  const stop = async () => {
    cleanups.delete(exitCleanup);
    if (server) await stopPhpServer(server.child);
    await dropDatabase(dbName).catch(() => {});
    await rm(dir, { recursive: true, force: true });
  };

  try {
    await copyCore(dir);
    await createDatabase(dbName);
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      url = `http://127.0.0.1:${port}`;
      await writeConfig(dir, { url, dbName, constants: options.constants ?? {} });
      if (attempt === 1) {
        await php(
          `require_once ABSPATH . 'wp-admin/includes/upgrade.php';
          $result = wp_install( ${phpLiteral(options.title ?? "CP Test Site")}, ${phpLiteral(ADMIN_USER)}, 'admin@example.test', true, '', ${phpLiteral(password)} );
          update_option( 'permalink_structure', '' );
          return $result['user_id'];`,
          { install: true },
        );
      }
      server = startPhpServer(dir, port);
      try {
        await waitForHttp(`${url}/`, server.child);
        break;
      } catch (error) {
        // Another process took the port between the probe and php -S: try another one.
        const taken = server.stderrTail(5).includes("Address already in use");
        await stopPhpServer(server.child);
        if (!taken || attempt >= 3) throw error;
      }
    }
  } catch (error) {
    const failure = await withDiagnostics(error);
    await stop().catch(() => {});
    throw failure;
  }

  const site: WordPressSite = {
    url,
    dir,
    contentDir,
    php: (code, phpOptions) => php(code, phpOptions),
    async phpErrors() {
      const log = await readFile(debugLog, "utf8").catch(() => "");
      const unlogged = runnerErrors.filter((error) => !error.logged);
      return [...parseDebugLog(log), ...unlogged.map((error) => `${error.type}: ${error.message} at ${error.file}:${error.line}`)];
    },
    async installPlugin(sourceDir, folderName) {
      const target = path.join(contentDir, "plugins", folderName);
      await rm(target, { recursive: true, force: true });
      await cp(sourceDir, target, { recursive: true });
    },
    async installMuPlugin(file) {
      const target = path.join(contentDir, "mu-plugins", path.basename(file));
      await rm(target, { force: true });
      await copyFile(file, target);
    },
    async activatePlugin(pluginFile) {
      await php(
        `$result = activate_plugin( ${phpLiteral(pluginFile)} );
        if ( is_wp_error( $result ) ) {
          throw new RuntimeException( 'activate_plugin: ' . $result->get_error_code() . ': ' . $result->get_error_message() . ' ' . wp_json_encode( $result->get_error_data() ) );
        }
        if ( ! is_plugin_active( ${phpLiteral(pluginFile)} ) ) {
          throw new RuntimeException( 'activate_plugin returned but the plugin is not active' );
        }`,
        { admin: true },
      );
    },
    async deactivatePlugin(pluginFile) {
      await php(
        `deactivate_plugins( ${phpLiteral(pluginFile)} );
        if ( is_plugin_active( ${phpLiteral(pluginFile)} ) ) {
          throw new RuntimeException( 'deactivate_plugins returned but the plugin is still active' );
        }`,
        { admin: true },
      );
    },
    async admin() {
      try {
        return await signInAdmin(url, ADMIN_USER, password);
      } catch (error) {
        throw await withDiagnostics(error);
      }
    },
    async get(pathname) {
      const response = await fetch(new URL(pathname, url), { redirect: "manual" });
      return { status: response.status, headers: response.headers, body: await response.text() };
    },
    diagnostics,
    stop,
  };
  return site;
}

let skipReasonPrinted = false;

/**
 * One site for the tests of one file (or describe): started in beforeAll, stopped in afterAll.
 * Without WordPress, and without CI=true / REQUIRE_WORDPRESS=1, every test is skipped with the
 * reason; when it is required, the tests fail with the reason instead.
 *
 * The skip happens in beforeEach, so other beforeAll hooks of the file still run: a suite whose
 * own hooks use the site goes in `describe.skipIf(wp.skip)(...)`. `skip` is false when WordPress
 * is required, so such a suite then fails rather than passing unseen.
 */
export function wordPressForFile(options: WordPressOptions = {}): { site(): WordPressSite; available: boolean; skip: boolean } {
  const availability = wordPressAvailability();
  let current: WordPressSite | undefined;
  if (availability.available) {
    beforeAll(async () => {
      current = await startWordPress(options);
    });
    afterAll(async () => {
      await current?.stop();
    });
  } else if (WORDPRESS_REQUIRED) {
    beforeAll(() => {
      throw new Error(`WordPress is required (CI=true or REQUIRE_WORDPRESS=1) but not available: ${availability.reason}`);
    });
  } else {
    if (!skipReasonPrinted) console.log(`WordPress tests SKIPPED: ${availability.reason}`);
    skipReasonPrinted = true;
    beforeEach((context) => context.skip(`WordPress not available: ${availability.reason}`));
  }
  return {
    available: availability.available,
    skip: !availability.available && !WORDPRESS_REQUIRED,
    site() {
      if (!current) throw new Error("The WordPress site starts in beforeAll (is WordPress available?)");
      return current;
    },
  };
}
