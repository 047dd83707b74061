// `npm run api-key:create -- --name N --scope read|write`: creates a Server-side License API key,
// as Admin → API keys does. The secret is printed once, alone on the last line, and never stored.
import { parseArgs } from "node:util";
import { createApiKey } from "../lib/api-keys/create-api-key";
import { createApiKeySchema } from "../lib/api-keys/schemas";
import { createDb } from "../lib/db";
import { getEnv } from "../lib/env";

const usage = "Usage: npm run api-key:create -- --name NAME --scope read|write";
const { values } = parseArgs({ options: { name: { type: "string" }, scope: { type: "string" } } });
const parsed = createApiKeySchema.safeParse(values);
if (!parsed.success) {
  console.error(usage);
  for (const issue of parsed.error.issues) console.error(`  --${String(issue.path[0] ?? "")}: ${issue.message}`);
  process.exit(1);
}

const db = createDb(getEnv().database);
try {
  const { apiKey, secret } = await createApiKey(db, { ...parsed.data, createdBy: "cli" });
  console.log(`Created ${apiKey.scope} API key "${apiKey.name}" (${apiKey.prefix}…). Store it now: it is not shown again.`);
  console.log(secret);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await db.$disconnect();
}
