// `npm run license:revoke -- --key K [--reason TEXT] [--notify]`: permanent, like the Admin button.
// The customer is emailed only with --notify (a script is often one of many revocations).
import { parseArgs } from "node:util";
import { createDb } from "../lib/db";
import { getEnv } from "../lib/env";
import { maskLicenseKey, normalizeLicenseKey } from "../lib/licenses/key";
import { revokeLicense, REVOKE_REASON_MAX_LENGTH } from "../lib/licenses/revoke-license";

const { values } = parseArgs({ options: { key: { type: "string" }, reason: { type: "string" }, notify: { type: "boolean", default: false } } });
const key = normalizeLicenseKey(values.key ?? "");
if (!key) {
  console.error("Usage: npm run license:revoke -- --key CP-… [--reason TEXT] [--notify]\n  --key is missing or not a valid key");
  process.exit(1);
}
const db = createDb(getEnv().database);
try {
  const license = await db.license.findUnique({ where: { key }, select: { id: true } });
  const result = license
    ? await revokeLicense(db, { licenseId: license.id, reason: values.reason, actor: "cli", notifyCustomer: values.notify })
    : ({ outcome: "not_found" } as const);
  const messages = {
    revoked: `Revoked ${maskLicenseKey(key)}${values.notify ? "; the customer is emailed the reason" : ""}`,
    already_revoked: `${maskLicenseKey(key)} was already revoked`,
    not_found: "No such license key",
    invalid_reason: `--reason must be at most ${REVOKE_REASON_MAX_LENGTH} characters`,
  };
  (result.outcome === "revoked" ? console.log : console.error)(messages[result.outcome]);
  if (result.outcome !== "revoked") process.exitCode = 1;
} finally {
  await db.$disconnect();
}
