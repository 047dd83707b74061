// `npm run admin:create -- --email E [--name N] [--promote]`: creates the first admin of a
// production store (demo accounts are never created there). The password is typed at a prompt
// or piped on stdin, never given in argv. An existing account is changed only with --promote.
import { parseArgs } from "node:util";
import { createDb } from "../lib/db";
import { getEnv } from "../lib/env";
import { createAdmin } from "../lib/users/create-admin";
import { EmailTakenError } from "../lib/users/create-user";
import { promoteToAdmin } from "../lib/users/promote-to-admin";
import { emailSchema, passwordSchema } from "../lib/users/schemas";
import { migrateIfPending } from "./db/migrate";
import { PasswordInputError, readPassword } from "./read-password";

const USAGE = [
  "Usage: npm run admin:create -- --email you@shop.com [--name 'Your Name'] [--promote]",
  "  The password is asked for at the prompt, or read from the first line of stdin:",
  "    printf '%s\\n' \"$ADMIN_PASSWORD\" | npm run -s admin:create -- --email you@shop.com",
  "  --promote  make an EXISTING account an admin: its password is replaced and every session of it is signed out",
].join("\n");

function fail(...lines: string[]): never {
  for (const line of lines) console.error(line);
  process.exit(1);
}

let values: { email?: string; name?: string; promote?: boolean; password?: string };
try {
  // `password` is declared only to be refused with a reason, instead of "unknown option".
  ({ values } = parseArgs({
    options: { email: { type: "string" }, name: { type: "string" }, promote: { type: "boolean" }, password: { type: "string" } },
  }));
} catch (error) {
  fail(error instanceof Error ? error.message : String(error), USAGE);
}
if (values.password !== undefined) {
  fail(
    "admin:create does not take --password: a password on the command line is visible to every user of this",
    "machine (`ps`) and stays in your shell history. Leave it out and type it at the prompt, or pipe it on stdin.",
    USAGE,
  );
}
const email = emailSchema.safeParse(values.email ?? "");
if (!email.success) fail(USAGE, ...email.error.issues.map((issue) => `  --email: ${issue.message}`));

const env = getEnv();
await migrateIfPending(env.database); // also beside a running server (see scripts/db/migrate.ts)
const db = createDb(env.database);
try {
  const existing = await db.user.findUnique({ where: { email: email.data }, select: { role: true } });
  if (existing && !values.promote) {
    fail(
      `${email.data} already has an account (${existing.role === "ADMIN" ? "an admin" : "a customer"}). Nothing was changed.`,
      "Anyone can sign up with any address, so an existing account is not proof that it is yours. If it is,",
      "run again with --promote: the account becomes an admin, its password is replaced by the one you give,",
      "and every session of it (whoever opened them) is signed out.",
    );
  }

  let password: string;
  try {
    password = await readPassword(`Password for ${email.data}: `);
  } catch (error) {
    if (error instanceof PasswordInputError) fail(`No password read: ${error.message}. Nothing was changed.`);
    throw error;
  }
  const valid = passwordSchema.safeParse(password);
  if (!valid.success) fail(...valid.error.issues.map((issue) => `Password: ${issue.message}. Nothing was changed.`));

  if (!existing) {
    try {
      await createAdmin(db, { email: email.data, password: valid.data, name: values.name, actor: "cli" });
    } catch (error) {
      if (error instanceof EmailTakenError) fail(`${email.data} was signed up meanwhile. Nothing was changed; see --promote.`);
      throw error;
    }
    console.log(`Admin account created: ${email.data} (email counts as verified).`);
  } else {
    const result = await promoteToAdmin(db, { email: email.data, password: valid.data, actor: "cli" });
    if (result.outcome === "not_found") fail(`${email.data} was deleted meanwhile. Nothing was changed; run again to create it.`);
    const was = result.outcome === "promoted" ? "is now an admin (it was a customer)" : "was already an admin";
    console.log(`${email.data} ${was}. Its password was replaced and every existing session of it was signed out.`);
    if (values.name !== undefined) console.log("(--name is ignored for an existing account.)");
  }
} finally {
  await db.$disconnect();
}
