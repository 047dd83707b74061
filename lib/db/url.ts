import path from "node:path";

export type DatabaseProvider = "sqlite" | "postgresql";

/** Where the embedded store lives when DATABASE_URL is not set. */
export const DEFAULT_DATABASE_URL = "file:./data/cp-store.db";

export type DatabaseTarget =
  | { provider: "sqlite"; url: string; file: string }
  | { provider: "postgresql"; url: string };

/**
 * Reads a DATABASE_URL: `file:` (or nothing) is SQLite, `postgres://`/`postgresql://` is
 * PostgreSQL. Anything else is refused rather than guessed. Relative SQLite paths resolve
 * against the working directory, so every script and the server agree on one file.
 */
export function parseDatabaseUrl(raw: string | undefined, cwd = process.cwd()): DatabaseTarget {
  const url = raw && raw.trim() !== "" ? raw.trim() : DEFAULT_DATABASE_URL;
  if (/^postgres(ql)?:\/\//i.test(url)) return { provider: "postgresql", url };
  if (url.startsWith("file:")) {
    const rest = url.slice("file:".length).replace(/^\/\/(?=\/)/, "");
    const file = path.resolve(cwd, rest.split("?")[0] ?? "");
    return { provider: "sqlite", url: `file:${file}`, file };
  }
  throw new Error(
    `DATABASE_URL must start with file: (SQLite) or postgres:// (PostgreSQL); got "${url.split(":")[0]}:…"`,
  );
}
