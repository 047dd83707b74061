// Runs the Prisma CLI for one database. The CLI must always see a DATABASE_URL (without one it
// tries to download a native engine), and prisma.config.ts picks schema, migrations and driver
// adapter from it.
import { spawnSync } from "node:child_process";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "../..");

export function runPrisma(args: string[], databaseUrl: string, options: { quiet?: boolean } = {}) {
  const result = spawnSync(path.join(root, "node_modules/.bin/prisma"), args, {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, DATABASE_URL: databaseUrl, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
  });
  if (result.status !== 0) {
    throw new Error(`prisma ${args.join(" ")} failed:\n${result.stdout}\n${result.stderr}`);
  }
  if (!options.quiet) process.stdout.write(result.stdout);
  return result.stdout;
}
