// PostgreSQL's own client tools (pg_dump, pg_restore, psql), found on PATH and run with the
// connection in libpq's environment variables: never on the command line, where any user of the
// machine could read a password in the process list.
import { spawn, spawnSync } from "node:child_process";
import { accessSync, constants } from "node:fs";
import path from "node:path";
import { BackupError } from "./manifest";

export type PgTool = "pg_dump" | "pg_restore" | "psql";
export type FoundTool = { path: string; version: string; major: number };

function onPath(name: string): string | null {
  for (const dir of (process.env.PATH ?? "").split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this folder
    }
  }
  return null;
}

/** The tool and its version; a BackupError naming the package to install when it is missing. */
export function findPgTool(name: PgTool, neededMajor?: number): FoundTool {
  const found = onPath(name);
  const install = `Install the PostgreSQL client tools: the package postgresql-client${neededMajor ? ` (version ${neededMajor} or newer)` : ""}, e.g. apt-get install postgresql-client.`;
  if (!found) throw new BackupError(`${name} was not found on PATH. ${install}`);
  const result = spawnSync(found, ["--version"], { encoding: "utf8" });
  const version = (result.stdout ?? "").trim();
  const major = Number(/\)\s*(\d+)/.exec(version)?.[1] ?? /(\d+)/.exec(version)?.[1]);
  if (result.status !== 0 || !Number.isInteger(major)) throw new BackupError(`${found} --version did not answer like ${name}: ${version || result.stderr}`);
  if (neededMajor && major < neededMajor) {
    throw new BackupError(`${name} is version ${major} (${found}); this needs ${neededMajor} or newer. ${install}`);
  }
  return { path: found, version, major };
}

/**
 * libpq's variables for a postgres:// URL. Parameters libpq does not know (Prisma's `schema`,
 * `connection_limit`) are left out: libpq refuses unknown ones.
 */
export function libpqEnv(databaseUrl: string): Record<string, string> {
  const url = new URL(databaseUrl);
  const env: Record<string, string> = { PGCONNECT_TIMEOUT: "10" };
  if (url.hostname) env.PGHOST = decodeURIComponent(url.hostname.replace(/^\[|\]$/g, ""));
  if (url.port) env.PGPORT = url.port;
  if (url.username) env.PGUSER = decodeURIComponent(url.username);
  if (url.password) env.PGPASSWORD = decodeURIComponent(url.password);
  const database = decodeURIComponent(url.pathname.replace(/^\//, ""));
  if (database) env.PGDATABASE = database;
  const params: Record<string, string> = {
    host: "PGHOST", port: "PGPORT", user: "PGUSER", password: "PGPASSWORD", dbname: "PGDATABASE",
    sslmode: "PGSSLMODE", sslrootcert: "PGSSLROOTCERT", sslcert: "PGSSLCERT", sslkey: "PGSSLKEY",
    connect_timeout: "PGCONNECT_TIMEOUT", application_name: "PGAPPNAME", options: "PGOPTIONS", target_session_attrs: "PGTARGETSESSIONATTRS",
  };
  for (const [name, value] of url.searchParams) {
    const variable = params[name];
    if (variable) env[variable] = value;
  }
  return env;
}

/** The database a URL names, for messages: host, port and name, never the user or password. */
export function describePostgres(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  return `PostgreSQL database "${decodeURIComponent(url.pathname.replace(/^\//, ""))}" on ${url.host || "the local socket"}`;
}

export type ToolRun = { code: number | null; stdout: string; stderr: string };

/** Runs a tool to its end; stdout is collected only when `collect` is set (a dump goes to a file). */
export function runPgTool(tool: FoundTool, args: string[], databaseUrl?: string, options: { collect?: boolean } = {}): Promise<ToolRun> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env, ...(databaseUrl ? libpqEnv(databaseUrl) : {}) };
    const child = spawn(tool.path, args, { env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      if (options.collect) stdout += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr: stderr.trim() }));
  });
}
