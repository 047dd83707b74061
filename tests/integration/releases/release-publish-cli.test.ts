// `npm run release:publish`, run as a vendor's release script runs it (a child process) against a
// test SQLite database: a published release with what it prints, a beta draft with notes, a
// refusal with its code, and bad options answered with the usage rather than a stack trace.
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Product } from "../../../lib/db";
import { createProduct } from "../../helpers/factories";
import { runScript } from "../../helpers/run-script";
import { openTestDatabase, type TestDatabase } from "../../helpers/test-databases";
import { removeTempZips, validPluginZip, writeTempFile } from "../../helpers/zip-corpus";

const PUBLIC_URL = "https://store.example.com";

let database: TestDatabase | undefined;
beforeAll(async () => {
  database = await openTestDatabase("sqlite");
});
afterAll(async () => {
  await database?.close();
  await removeTempZips();
});
const db = () => {
  if (!database) throw new Error("opened in beforeAll");
  return database.db;
};

const releasePublish = (args: string[]) => runScript("release-publish.ts", args, { env: { DATABASE_URL: database?.url, NEXTAUTH_URL: PUBLIC_URL } });

async function plugin(): Promise<Product> {
  return createProduct(db());
}

it("publishes a plugin zip and prints version, status, size, SHA-256 and the update URL", async () => {
  const product = await plugin();
  const zip = await validPluginZip(product.slug, "1.2.3");
  const run = await releasePublish(["--product", product.slug, "--file", zip]);
  expect(run.stderr).toBe("");
  expect(run.code).toBe(0);

  const release = await db().release.findFirstOrThrow({ where: { productId: product.id } });
  expect(release).toMatchObject({ version: "1.2.3", status: "published", channel: "stable", createdBy: "cli", changelog: "" });
  expect(run.stdout).toBe(
    [
      `${product.slug} 1.2.3 (stable): published`,
      `  file:       ${path.basename(zip)}`,
      `  size:       ${release.sizeBytes} bytes`,
      `  sha256:     ${release.sha256}`,
      `  update URL: ${PUBLIC_URL}/api/v1/updates/${product.slug}`,
      "",
    ].join("\n"),
  );
  const audit = await db().auditEvent.findFirstOrThrow({ where: { subject: `release:${release.id}` } });
  expect(audit).toMatchObject({ actor: "cli", action: "release.published" });
});

it("makes a beta draft with release notes from a file, the version checked against the header", async () => {
  const product = await plugin();
  const notes = await writeTempFile(Buffer.from("## 2.0.0-beta.1\n\n* New: the form builder\n"), "NOTES.md");
  const zip = await validPluginZip(product.slug, "2.0.0-beta.1");
  const run = await releasePublish(["--product", product.id, "--file", zip, "--channel", "beta", "--notes", notes, "--draft", "--version", "2.0.0-beta.1"]);
  expect(run.code).toBe(0);
  expect(run.stdout).toMatch(new RegExp(`^${product.slug} 2\\.0\\.0-beta\\.1 \\(beta\\): draft\\n`));
  const release = await db().release.findFirstOrThrow({ where: { productId: product.id } });
  expect(release).toMatchObject({ status: "draft", channel: "beta", publishedAt: null, changelog: "## 2.0.0-beta.1\n\n* New: the form builder" });
});

it("prints the refusal's code and sentence and exits 1, recording nothing", async () => {
  const product = await plugin();
  const run = await releasePublish(["--product", product.slug, "--file", await validPluginZip(product.slug, "1.0.0"), "--version", "1.0.1"]);
  expect(run.code).toBe(1);
  expect(run.stdout).toBe("");
  expect(run.stderr).toMatch(/^Refused \(VERSION_MISMATCH\): You gave version 1\.0\.1, but the plugin's main file says Version: 1\.0\.0/);
  expect(await db().release.count({ where: { productId: product.id } })).toBe(0);
});

it.each([
  ["no options", [], /--product is required[\s\S]*--file is required/],
  ["an unknown channel", ["--product", "x", "--file", "x.zip", "--channel", "nightly"], /--channel must be stable or beta/],
  ["an unknown option", ["--product", "x", "--file", "x.zip", "--force"], /Unknown option '--force'/],
])("answers %s with the usage, not a stack trace", async (_what, args, problem) => {
  const run = await releasePublish(args);
  expect(run.code).toBe(1);
  expect(run.stderr).toMatch(/^Usage: npm run release:publish -- --product SLUG --file PATH/);
  expect(run.stderr).toMatch(problem);
  expect(run.stderr).not.toMatch(/\n\s+at /);
});

it("names an unknown product or a missing file plainly", async () => {
  const zip = await validPluginZip("anything", "1.0.0");
  const unknown = await releasePublish(["--product", "no-such-product", "--file", zip]);
  expect([unknown.code, unknown.stderr]).toEqual([1, "No product with slug or id no-such-product\n"]);
  const missing = await releasePublish(["--product", "no-such-product", "--file", "/nonexistent/plugin.zip"]);
  expect([missing.code, missing.stderr]).toEqual([1, "Cannot read the file /nonexistent/plugin.zip\n"]);
});
