// `npm run license:issue -- --email E --product SLUG [--max N] [--expires YYYY-MM-DD | --lifetime]`
// Issues one key by hand (support, migrations, giveaways). The key is alone on the last line.
import { parseArgs } from "node:util";
import { z } from "zod";
import { createDb } from "../lib/db";
import { getEnv } from "../lib/env";
import { issueLicense } from "../lib/licenses/issue-license";
import { emailSchema } from "../lib/users/schemas";

const usage = "Usage: npm run license:issue -- --email E --product SLUG [--max N] [--expires YYYY-MM-DD | --lifetime]";
const schema = z
  .object({
    email: emailSchema,
    product: z.string().trim().min(1, "--product is required"),
    max: z.coerce.number().int("--max must be a whole number").min(0, "--max must be 0 (unlimited) or more").optional(),
    expires: z.iso.date("--expires must be a date like 2027-12-31").optional(),
    lifetime: z.boolean().optional(),
  })
  .refine((o) => !(o.expires && o.lifetime), "Use either --expires or --lifetime, not both");

const { values } = parseArgs({
  options: {
    email: { type: "string" }, product: { type: "string" }, max: { type: "string" },
    expires: { type: "string" }, lifetime: { type: "boolean" },
  },
});
const parsed = schema.safeParse(values);
if (!parsed.success) {
  console.error(usage);
  for (const issue of parsed.error.issues) console.error(`  ${issue.message}`);
  process.exit(1);
}
const options = parsed.data;
const db = createDb(getEnv().database);
try {
  const user = await db.user.findUnique({ where: { email: options.email } });
  const product = await db.product.findUnique({ where: { slug: options.product } });
  if (!user) throw new Error(`No account with email ${options.email}`);
  if (!product) throw new Error(`No product with slug ${options.product}`);
  const expiresAt = options.lifetime ? null : options.expires ? new Date(`${options.expires}T23:59:59Z`) : undefined;
  if (expiresAt && expiresAt <= new Date()) throw new Error("--expires must be in the future");
  const license = await issueLicense(db, { userId: user.id, product, maxActivations: options.max, expiresAt, actor: "cli" });
  const expiry = license.expiresAt ? license.expiresAt.toISOString().slice(0, 10) : "lifetime";
  console.log(`Issued for ${user.email}: ${product.name}, max activations ${license.maxActivations || "unlimited"}, ${expiry}`);
  console.log(license.key);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await db.$disconnect();
}
