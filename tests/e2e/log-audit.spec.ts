// The log audit: after every other journey (its Playwright project depends on the last one), the
// store's output for the whole run must hold none of what a log must never carry: a full license
// key, an email address, a password the journeys typed, a reset or verify-email token, a webhook
// payload. And it must be a real log: JSON lines, one per request, on the lean path and Next.js's.
import { expect, test } from "@playwright/test";
import Database from "better-sqlite3";
import { existsSync } from "node:fs";
import path from "node:path";
import { demoAdmin, demoCustomer } from "./helpers";
import { e2ePort, readMailbox } from "./support/smtp-mailbox";
import { readServerLog, withoutStartBanner } from "./support/server-log";

const root = path.resolve(import.meta.dirname, "../..");

/** Every password the journeys type, besides newAccount()'s `pass-<unique>` (PASSWORD_PATTERN). */
const SPEC_PASSWORDS = [
  demoAdmin.password,
  demoCustomer.password,
  "another-password",
  "not-my-password",
  "not-the-password",
  "a-new-password",
  "the-owners-password",
];
/** newAccount()'s passwords (tests/e2e/helpers.ts), with the `-new` / `-reset` a journey appends. */
const PASSWORD_PATTERN = /\bpass-[0-9a-z]{8,}/;
/** A license key in full: any case, dashes or not. */
const KEY_PATTERN = /\bCP-?(?:[0-9A-Z]{5}-?){4}[0-9A-Z]{5}\b/i;
const EMAIL_PATTERN = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/;
/** What a Stripe event's body, a webhook signature or a query string with a secret looks like. */
const PAYLOAD_PATTERNS = [/"object"\s*:\s*"event"/, /"livemode"/, /whsec_/, /t=\d+,v1=/, /[?&](token|license_key|key)=/];

/** The keys and addresses the run's database holds (the e2e database is SQLite). */
function databaseSecrets(): { keys: string[]; emails: string[] } {
  const file = path.join(root, process.env.E2E_DATABASE ?? "data/e2e.db");
  if (process.env.E2E_DATABASE_URL || !existsSync(file)) return { keys: [], emails: [] };
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const keys = db.prepare('SELECT "key" FROM "License"').pluck().all() as string[];
    const emails = db.prepare('SELECT "email" FROM "User"').pluck().all() as string[];
    return { keys, emails };
  } finally {
    db.close();
  }
}

/** The one-time tokens the store mailed (reset-password, verify-email links). */
function mailedTokens(): string[] {
  return readMailbox().flatMap((mail) => [...mail.text.matchAll(/[?&]token=([A-Za-z0-9_.~-]+)/g)].map((match) => match[1] ?? ""));
}

test("the server's log of the whole run is JSON lines with no key, address, password, token or payload", async () => {
  const lines = readServerLog(e2ePort()).split("\n");
  const audited = withoutStartBanner(lines);
  const json = audited.filter((line) => line.startsWith("{")).map((line) => JSON.parse(line) as Record<string, unknown>);

  // A real log: one line per request, on both paths, each with its fields.
  const requests = json.filter((line) => line.msg === "request" && line.component === "http");
  expect(requests.length).toBeGreaterThan(100);
  for (const line of requests) {
    expect(line, JSON.stringify(line)).toMatchObject({ level: "info", instance: expect.any(String), method: expect.any(String), route: expect.any(String), requestId: expect.any(String) });
    expect(typeof line.ms).toBe("number");
  }
  expect(requests.some((line) => line.route === "/api/v1/licenses/verify")).toBe(true);
  expect(requests.some((line) => line.route === "/account/licenses")).toBe(true);
  // After the server's first line every line is JSON: nothing the server prints escapes the log.
  const firstJson = audited.findIndex((line) => line.startsWith("{"));
  const stray = audited.slice(firstJson).filter((line) => line.trim() !== "" && !line.startsWith("{"));
  expect(stray, "lines that are not JSON").toEqual([]);

  const { keys, emails } = databaseSecrets();
  expect(keys.length, "keys in the e2e database").toBeGreaterThan(0);
  const tokens = mailedTokens();
  expect(tokens.length, "tokens in the mailed links").toBeGreaterThan(0);
  const found: string[] = [];
  for (const [index, line] of audited.entries()) {
    const where = `line ${index + 1}: ${line.slice(0, 300)}`;
    if (KEY_PATTERN.test(line)) found.push(`a license key, ${where}`);
    if (EMAIL_PATTERN.test(line)) found.push(`an email address, ${where}`);
    if (PASSWORD_PATTERN.test(line) || SPEC_PASSWORDS.some((password) => line.includes(password))) found.push(`a password, ${where}`);
    if (PAYLOAD_PATTERNS.some((pattern) => pattern.test(line))) found.push(`a payload or secret parameter, ${where}`);
    const upper = line.toUpperCase();
    // The key's random part alone, in any case (a key logged without its dashes or prefix).
    if (keys.some((key) => upper.includes(key.slice(3).replaceAll("-", "")) || upper.includes(key.slice(3)))) found.push(`a key's body, ${where}`);
    if (emails.some((email) => line.toLowerCase().includes(email.toLowerCase()))) found.push(`an account's address, ${where}`);
    if (tokens.some((token) => line.includes(token))) found.push(`a mailed token, ${where}`);
  }
  expect(found).toEqual([]);
});
