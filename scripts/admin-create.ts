// `npm run admin:create -- --email E [--name N] [--promote]`: creates the first admin of a
// production store (demo accounts are never created there). The password is typed at a prompt
// or piped on stdin, never given in argv. An existing account is changed only with --promote.
// `--email E --reset-2fa`: the owner's way back in after losing the phone and the recovery codes:
// two-factor off for that existing account, and every session of it signed out.
import { parseArgs } from "node:util";
import { createDb } from "../lib/db";
import { getEnv } from "../lib/env";
import { resetTwoFactor } from "../lib/auth/two-factor-enrolment";
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
  "Usage: npm run admin:create -- --email you@shop.com --reset-2fa",
  "  --reset-2fa  turn two-factor sign-in OFF for an EXISTING account (secret and recovery codes deleted) and sign",
  "               out every session of it; no password is asked for and the password stays as it is",
].join("\n");

function fail(...lines: string[]): never {
  for (const line of lines) console.error(line);
  process.exit(1);
}

let values: { email?: string; name?: string; promote?: boolean; password?: string; "reset-2fa"?: boolean };
try {
  // `password` is declared only to be refused with a reason, instead of "unknown option".
  ({ values } = parseArgs({
    options: {
      email: { type: "string" },
      name: { type: "string" },
      promote: { type: "boolean" },
      password: { type: "string" },
      "reset-2fa": { type: "boolean" },
    },
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

if (values["reset-2fa"] && (values.promote || values.name !== undefined)) {
  fail("--reset-2fa changes nothing but two-factor sign-in: give it with --email alone. Nothing was changed.", USAGE);
}

const env = getEnv();
await migrateIfPending(env.database); // also beside a running server (see scripts/db/migrate.ts)
const db = createDb(env.database);
try {
  if (values["reset-2fa"]) await resetTwoFactorOf(email.data);
  else await createOrPromote(email.data);
} finally {
  await db.$disconnect();
}

/** --reset-2fa: two-factor off for an existing account, its sessions ended, and what was done said. */
async function resetTwoFactorOf(address: string) {
  const reset = await resetTwoFactor(db, { email: address, actor: "cli" });
  if (!reset) fail(`${address} has no account. Nothing was changed.`);
  console.log(
    reset.wasEnabled
      ? `Two-factor sign-in is now OFF for ${address} (it was on); ${reset.recoveryCodesDeleted} recovery codes were deleted.`
      : `Two-factor sign-in was not on for ${address}; it stays off (a set-up in progress, if any, was cleared).`,
  );
  console.log("Every session of it was signed out. Sign in with the password alone, then set two-factor up again in");
  console.log("Account → Settings → Two-factor sign-in (a store that requires it for admins shows only that page until then).");
}

/** Creates the admin account, or with --promote makes an existing one an admin. */
async function createOrPromote(address: string) {
  const existing = await db.user.findUnique({ where: { email: address }, select: { role: true } });
  if (existing && !values.promote) {
    fail(
      `${address} already has an account (${existing.role === "ADMIN" ? "an admin" : "a customer"}). Nothing was changed.`,
      "Anyone can sign up with any address, so an existing account is not proof that it is yours. If it is,",
      "run again with --promote: the account becomes an admin, its password is replaced by the one you give,",
      "and every session of it (whoever opened them) is signed out.",
    );
  }

  let password: string;
  try {
    password = await readPassword(`Password for ${address}: `);
  } catch (error) {
    if (error instanceof PasswordInputError) fail(`No password read: ${error.message}. Nothing was changed.`);
    throw error;
  }
  const valid = passwordSchema.safeParse(password);
  if (!valid.success) fail(...valid.error.issues.map((issue) => `Password: ${issue.message}. Nothing was changed.`));

  if (!existing) {
    try {
      await createAdmin(db, { email: address, password: valid.data, name: values.name, actor: "cli" });
    } catch (error) {
      if (error instanceof EmailTakenError) fail(`${address} was signed up meanwhile. Nothing was changed; see --promote.`);
      throw error;
    }
    console.log(`Admin account created: ${address} (email counts as verified).`);
  } else {
    const result = await promoteToAdmin(db, { email: address, password: valid.data, actor: "cli" });
    if (result.outcome === "not_found") fail(`${address} was deleted meanwhile. Nothing was changed; run again to create it.`);
    const was = result.outcome === "promoted" ? "is now an admin (it was a customer)" : "was already an admin";
    console.log(`${address} ${was}. Its password was replaced and every existing session of it was signed out.`);
    if (values.name !== undefined) console.log("(--name is ignored for an existing account.)");
  }
}
