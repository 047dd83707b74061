// Turns the one hand-edited schema (prisma/schema.prisma) into one schema per provider and
// generates a Prisma client for each. Runs on `npm install` (postinstall) and from db:check.
// Plain .mjs so it runs before dev dependencies or tsx are usable.
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const PROVIDERS = ["sqlite", "postgresql"];

/** The provider-specific schema text derived from the shared source. */
export function renderSchema(source, provider) {
  const rendered = source
    .replace(/provider\s*=\s*"sqlite"/, `provider = "${provider}"`)
    .replace(/output\s*=\s*"[^"]*"/, `output = "../../lib/db/generated/${provider}"`);
  return `// GENERATED from prisma/schema.prisma by scripts/db/generate.mjs. Do not edit.\n${rendered}`;
}

export function writeSchemas() {
  const source = readFileSync(path.join(root, "prisma/schema.prisma"), "utf8");
  return PROVIDERS.map((provider) => {
    const dir = path.join(root, "prisma", provider);
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, "schema.prisma");
    writeFileSync(file, renderSchema(source, provider));
    return { provider, file };
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const prismaBin = path.join(root, "node_modules/.bin/prisma");
  for (const { provider, file } of writeSchemas()) {
    execFileSync(prismaBin, ["generate", "--schema", file], {
      cwd: root,
      stdio: ["ignore", "ignore", "inherit"],
      // The CLI resolves the datasource URL even to generate, and without one it falls back to
      // downloading a native engine: give it a (never connected) URL of the right kind.
      env: {
        ...process.env,
        DATABASE_URL: provider === "sqlite" ? "file:./data/generate.db" : "postgresql://localhost/generate",
        PRISMA_HIDE_UPDATE_MESSAGE: "1",
      },
    });
    console.log(`prisma: generated the ${provider} client`);
  }
}
