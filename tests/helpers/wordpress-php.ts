// PHP run inside a test WordPress from the CLI (through wordpress-run.php), and PHP's error log
// read back as one line per error.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";

const RUNNER = path.join(import.meta.dirname, "wordpress-run.php");
const RUN_TIMEOUT_MS = 60_000;

/**
 * Error settings shared by the CLI runner and `php -S`: report everything, log (to stderr until
 * WordPress points the log at debug.log), never print errors into pages or JSON.
 */
export const PHP_INI = ["-d", "error_reporting=-1", "-d", "display_errors=0", "-d", "log_errors=1", "-d", "html_errors=0", "-d", "memory_limit=512M"];

export type PhpError = { type: string; message: string; file: string; line: number; logged: boolean };

type RunDocument = {
  ok: boolean;
  result: unknown;
  errors: PhpError[];
  output: string;
  fatal: { kind: string; class?: string; message: string; file?: string; line?: number; trace?: string } | null;
};

export type PhpOutcome = { ok: true; result: unknown; errors: PhpError[] } | { ok: false; failure: string; errors: PhpError[] };

function describeFailure(document: RunDocument): string {
  const fatal = document.fatal;
  const where = fatal?.file ? ` at ${fatal.file}:${fatal.line}` : "";
  const what = fatal?.kind === "exception" ? `Uncaught ${fatal.class}: ${fatal.message}` : (fatal?.message ?? "failed");
  const parts = [`PHP ${what}${where}`];
  if (fatal?.trace) parts.push(`--- trace ---\n${fatal.trace}`);
  if (document.output.trim()) parts.push(`--- output ---\n${document.output.trim().slice(0, 4000)}`);
  return parts.join("\n");
}

/** Runs `code` (a function body) in the site at `dir` and returns its decoded result or the failure. */
export function runPhp(options: {
  dir: string;
  url: string;
  debugLog: string;
  code: string;
  admin?: boolean;
  install?: boolean;
  env?: Record<string, string>;
}): Promise<PhpOutcome> {
  const marker = `CP_WP_RUN_${randomBytes(12).toString("hex")}`;
  // Compiled scripts are kept in the site's .opcache between runs (about 0.1 s less per run here,
  // 450 -> 330 ms); timestamps are still checked, and files younger than 2 s are never cached
  // (opcache.file_update_protection), so a plugin rewritten by a test is always read afresh.
  const opcache = ["-d", "opcache.enable_cli=1", "-d", `opcache.file_cache=${path.join(options.dir, ".opcache")}`, "-d", "opcache.file_cache_only=1"];
  const args = [...PHP_INI, ...opcache, RUNNER, options.dir];
  if (options.admin) args.push("--admin");
  if (options.install) args.push("--install");
  const env = { ...process.env, ...options.env, CP_WP_MARKER: marker, CP_WP_URL: options.url, CP_WP_DEBUG_LOG: options.debugLog };

  return new Promise((resolve, reject) => {
    const child = spawn("php", args, { cwd: options.dir, env, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill("SIGKILL"), RUN_TIMEOUT_MS);
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      const start = stdout.indexOf(`${marker}\n`);
      const end = stdout.indexOf(`\n${marker}`, start + marker.length);
      if (start < 0 || end < 0) {
        const how = signal === "SIGKILL" ? `was killed after ${RUN_TIMEOUT_MS} ms` : `exited with ${code ?? signal}`;
        return resolve({
          ok: false,
          errors: [],
          failure: `PHP ${how} without a result\n--- stdout ---\n${stdout.slice(-4000)}\n--- stderr ---\n${stderr.slice(-4000)}`,
        });
      }
      const document = JSON.parse(stdout.slice(start + marker.length + 1, end)) as RunDocument;
      if (!document.ok) {
        const tail = stderr.trim() ? `\n--- stderr ---\n${stderr.trim().slice(-4000)}` : "";
        return resolve({ ok: false, errors: document.errors, failure: describeFailure(document) + tail });
      }
      resolve({ ok: true, result: document.result, errors: document.errors });
    });
    child.stdin.end(options.code);
  });
}

/**
 * debug.log as one line per error, "Warning: message at /path/file.php:12" (the runner's format);
 * an entry PHP did not write as "PHP <type>: ... in <file> on line <n>" (error_log() calls, stack
 * traces) is kept as written, its lines joined.
 */
export function parseDebugLog(log: string): string[] {
  const entries: string[] = [];
  for (const line of log.split("\n")) {
    if (/^\[\d{2}-\w{3}-\d{4} [\d:]+ [^\]]*\] /.test(line)) entries.push(line.replace(/^\[[^\]]*\] /, ""));
    else if (line.trim() && entries.length > 0) entries[entries.length - 1] += ` ${line.trim()}`;
  }
  return entries.map((entry) => {
    const match = /^PHP ([A-Za-z ]+?):\s+([\s\S]*) in (\S+?)(?::| on line )(\d+)/.exec(entry);
    return match ? `${match[1]}: ${match[2]} at ${match[3]}:${match[4]}` : entry;
  });
}
