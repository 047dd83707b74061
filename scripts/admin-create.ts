// `npm run admin:create -- --email E --password P [--name N]`: creates the first admin of a
// production store (demo accounts are never created there), or promotes an existing account.
import { parseArgs } from "node:util";
import { hashPassword } from "../lib/auth/password";
import { createDb } from "../lib/db";
import { getEnv } from "../lib/env";
import { createUser, EmailTakenError } from "../lib/users/create-user";
import { emailSchema, passwordSchema } from "../lib/users/schemas";
import { migrateDatabase } from "./db/migrate";

const { values } = parseArgs({
  options: { email: { type: "string" }, password: { type: "string" }, name: { type: "string" } },
});

const email = emailSchema.safeParse(values.email ?? "");
const password = passwordSchema.safeParse(values.password ?? "");
if (!email.success || !password.success) {
  console.error("Usage: npm run admin:create -- --email you@example.com --password 'at least 8 characters' [--name 'Your Name']");
  for (const issue of [...(email.error?.issues ?? []), ...(password.error?.issues ?? [])]) console.error(`  ${issue.message}`);
  process.exit(1);
}

const env = getEnv();
migrateDatabase(env.database);
const db = createDb(env.database);
try {
  await createUser(db, { email: email.data, password: password.data, name: values.name, role: "ADMIN" });
  console.log(`Admin account created: ${email.data}`);
} catch (error) {
  if (!(error instanceof EmailTakenError)) throw error;
  await db.user.update({
    where: { email: email.data },
    data: { role: "ADMIN", passwordHash: await hashPassword(password.data) },
  });
  console.log(`Existing account ${email.data} is now an admin; its password was reset.`);
} finally {
  await db.$disconnect();
}
