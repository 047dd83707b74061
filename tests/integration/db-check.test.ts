// db:check is what stops a schema edit from shipping without its migration, on either engine.
// It is proved here on the real repo (passes) and on a copy whose schema gained a column that no
// migration creates (fails, naming the column), which db:new-migration then repairs.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT, checkMigrations } from "../../scripts/db/check";
import { createMigration } from "../../scripts/db/new-migration";
import { postgresSkipReason } from "../helpers/test-databases";

const postgresSkipped = (await postgresSkipReason()) !== null;
const PROVIDERS = ["sqlite", "postgresql"] as const;
const skipsOn = (provider: string) => provider === "postgresql" && postgresSkipped;

describe("db:check on the repo", () => {
  for (const provider of PROVIDERS) {
    it.skipIf(skipsOn(provider))(`[${provider}] the committed migrations reproduce the schema`, async () => {
      expect(await checkMigrations({ providers: [provider] })).toEqual([{ provider, differences: [] }]);
    });
  }
});

describe("db:check on a copy whose schema gained a column without a migration", () => {
  let root: string;

  beforeAll(() => {
    root = mkdtempSync(path.join(os.tmpdir(), "cp-store-db-check-test-"));
    cpSync(path.join(REPO_ROOT, "prisma"), path.join(root, "prisma"), { recursive: true });
    const schemaFile = path.join(root, "prisma", "schema.prisma");
    const source = readFileSync(schemaFile, "utf8");
    const edited = source.replace("model User {\n", "model User {\n  loyaltyPoints Int @default(0)\n");
    expect(edited).not.toBe(source);
    writeFileSync(schemaFile, edited);
  });

  afterAll(() => {
    rmSync(root, { recursive: true, force: true });
  });

  for (const provider of PROVIDERS) {
    it.skipIf(skipsOn(provider))(`[${provider}] fails and names the column`, async () => {
      const [result] = await checkMigrations({ root, providers: [provider] });
      expect(result?.differences).toEqual([expect.stringContaining("column User.loyaltyPoints")]);
    });
  }

  it.skipIf(postgresSkipped)("passes once db:new-migration has written the migration", { timeout: 180_000 }, async () => {
    const created = await createMigration({ name: "add loyalty points", root });
    expect(created.folder).toMatch(/^\d{14}_add_loyalty_points$/);
    for (const file of created.files) expect(readFileSync(file, "utf8")).toContain('"loyaltyPoints"');
    expect(await checkMigrations({ root })).toEqual([
      { provider: "sqlite", differences: [] },
      { provider: "postgresql", differences: [] },
    ]);
    await expect(createMigration({ name: "again", root })).rejects.toThrow("has not changed");
  });
});
