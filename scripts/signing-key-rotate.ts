// `npm run signing-key:rotate -- [--overlap-days 30] [--lead-days 0]`: a new response-signing key
// for the keys kept in the database (docs/security-keys.md). The new key is published at once and
// signs from a moment every instance has seen it; the old one stays published for the overlap.
import { parseArgs } from "node:util";
import { z } from "zod";
import { createDb } from "../lib/db";
import { getEnv } from "../lib/env";
import { rotateSigningKey } from "../lib/licenses/rotate-signing-key";

const DAY_MS = 24 * 60 * 60 * 1000;
const USAGE = "Usage: npm run signing-key:rotate -- [--overlap-days 30] [--lead-days 0]";

const days = (name: string) => z.coerce.number({ error: `${name} takes a number of days` }).finite().min(0, `${name} takes 0 days or more`);
const optionsSchema = z.object({ "overlap-days": days("--overlap-days"), "lead-days": days("--lead-days") });

function usage(...problems: string[]): never {
  console.error(USAGE);
  for (const problem of problems) console.error(`  ${problem}`);
  process.exit(1);
}

let values: Record<string, unknown>;
try {
  ({ values } = parseArgs({ options: { "overlap-days": { type: "string", default: "30" }, "lead-days": { type: "string", default: "0" } } }));
} catch (error) {
  usage(error instanceof Error ? error.message : String(error));
}
const parsed = optionsSchema.safeParse(values);
if (!parsed.success) usage(...parsed.error.issues.map((issue) => issue.message));
const { "overlap-days": overlapDays, "lead-days": leadDays } = parsed.data;

const env = getEnv();
if (env.LICENSE_SIGNING_PRIVATE_KEY) {
  console.error(
    "The signing key comes from LICENSE_SIGNING_PRIVATE_KEY, not from the database: rotate it there\n" +
      "(new key in LICENSE_SIGNING_PRIVATE_KEY, the old public key in LICENSE_SIGNING_PUBLISHED_KEYS; see docs/security-keys.md).",
  );
  process.exit(1);
}

// Every instance re-reads the keys at least once per refresh interval: by three of them, all
// publish the new key (and clients' cached copies of the list, max-age one interval, have
// expired), so no answer is ever signed with a key a client cannot find.
const now = new Date();
const minimumLeadMs = 3 * env.LICENSE_SIGNING_KEYS_REFRESH_SECONDS * 1000;
const signsFrom = new Date(now.getTime() + Math.max(leadDays * DAY_MS, minimumLeadMs));

const db = createDb(env.database);
try {
  const result = await rotateSigningKey(db, { now, signsFrom, overlapMs: overlapDays * DAY_MS });
  if (result.outcome === "already_scheduled") {
    console.error(`A rotation is already scheduled: key ${result.next.keyId} signs from ${result.next.signsFrom.toISOString()}. Rotate again after that.`);
    process.exitCode = 1;
  } else {
    console.log(`New signing key ${result.next.keyId}: published now, signs answers from ${result.next.signsFrom.toISOString()}.`);
    console.log(`Previous key ${result.previous.keyId} stays published until ${result.previous.publishedUntil.toISOString()}.`);
    console.log("Its public key (ship it in your products beside the previous one):");
    console.log(result.next.publicKey);
  }
} finally {
  await db.$disconnect();
}
