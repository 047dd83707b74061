// Prisma CLI configuration. The JavaScript schema engine works through a driver adapter, so
// migrations run offline (no native engine download). The provider follows DATABASE_URL,
// exactly as the app's lib/db does; the default keeps the CLI from trying to download anything.
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { defineConfig } from "prisma/config";
import { parseDatabaseUrl } from "./lib/db/url";
import { createMigrationPgAdapter } from "./lib/db/migration-pg-adapter";

const target = parseDatabaseUrl(process.env.DATABASE_URL);

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", target.provider, "schema.prisma"),
  migrations: { path: path.join("prisma", target.provider, "migrations") },
  async adapter() {
    if (target.provider === "postgresql") return createMigrationPgAdapter(target.url);
    mkdirSync(path.dirname(target.file), { recursive: true });
    return new PrismaBetterSQLite3({ url: target.file });
  },
});
