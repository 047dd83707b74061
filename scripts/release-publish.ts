// `npm run release:publish -- --product SLUG --file PATH [--channel beta] [--notes FILE] [--draft] [--version X]`
// Publishes a release from a build machine or a release script, without a browser: the same
// checks as an Admin or API upload (createRelease), the file hashed where it lies.
import { readFile, stat } from "node:fs/promises";
import { parseArgs } from "node:util";
import { z } from "zod";
import { createDb } from "../lib/db";
import { getEnv } from "../lib/env";
import { createRelease } from "../lib/releases/create-release";
import { ReleaseError } from "../lib/releases/errors";
import { findProductByIdOrSlug } from "../lib/releases/queries";
import { receiveLocalFile } from "../lib/releases/received-file";
import { RELEASE_CHANNELS } from "../lib/releases/release-rules";

const USAGE = "Usage: npm run release:publish -- --product SLUG --file PATH [--channel stable|beta] [--notes FILE] [--draft] [--version X]";
/** A changelog is at most 20,000 characters; a notes file far past that is a wrong path. */
const MAX_NOTES_BYTES = 1024 * 1024;

const optionsSchema = z.object({
  product: z.string({ error: "--product is required" }).trim().min(1, "--product is required"),
  file: z.string({ error: "--file is required" }).min(1, "--file is required"),
  channel: z.enum(RELEASE_CHANNELS, { error: "--channel must be stable or beta" }).default("stable"),
  notes: z.string().min(1, "--notes takes a file of release notes (Markdown)").optional(),
  draft: z.boolean().default(false),
  version: z.string().trim().min(1, "--version takes a version like 1.2.3").optional(),
});

function usage(...problems: string[]): never {
  console.error(USAGE);
  for (const problem of problems) console.error(`  ${problem}`);
  process.exit(1);
}

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

let values: Record<string, unknown>;
try {
  ({ values } = parseArgs({
    options: {
      product: { type: "string" },
      file: { type: "string" },
      channel: { type: "string" },
      notes: { type: "string" },
      draft: { type: "boolean" },
      version: { type: "string" },
    },
  }));
} catch (error) {
  usage(error instanceof Error ? error.message : String(error));
}
const parsed = optionsSchema.safeParse(values);
if (!parsed.success) usage(...parsed.error.issues.map((issue) => issue.message));
const options = parsed.data;

async function readNotes(notesPath: string | undefined): Promise<string> {
  if (!notesPath) return "";
  const info = await stat(notesPath).catch(() => fail(`Cannot read the notes file ${notesPath}`));
  if (!info.isFile() || info.size > MAX_NOTES_BYTES) fail(`${notesPath} is not a notes file (Markdown, at most 20,000 characters)`);
  return readFile(notesPath, "utf8");
}

const changelog = await readNotes(options.notes);
const file = await receiveLocalFile(options.file).catch(() => fail(`Cannot read the file ${options.file}`));
const env = getEnv();
const db = createDb(env.database);
try {
  const product = await findProductByIdOrSlug(db, options.product);
  if (!product) fail(`No product with slug or id ${options.product}`);
  const release = await createRelease(db, {
    productId: product.id,
    file,
    version: options.version,
    channel: options.channel,
    changelog,
    publish: !options.draft,
    actor: "cli",
  });
  console.log(`${product.slug} ${release.version} (${release.channel}): ${release.status}`);
  console.log(`  file:       ${release.fileName}`);
  console.log(`  size:       ${release.sizeBytes} bytes`);
  console.log(`  sha256:     ${release.sha256}`);
  console.log(`  update URL: ${env.publicUrl}/api/v1/updates/${product.slug}`);
  if (release.status === "draft") console.log("Publish it in Admin → Products → Releases, or with the API (POST …/publish).");
} catch (error) {
  if (!(error instanceof ReleaseError)) throw error;
  console.error(`Refused (${error.code}): ${error.message}`);
  process.exitCode = 1;
} finally {
  await db.$disconnect();
}
