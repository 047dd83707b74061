// The e2e store's mailbox: the SMTP server started by smtp-global-setup.ts writes every message it
// receives as one JSON file into a folder; specs poll that folder for a message to their own
// (unique) address. A folder rather than memory: specs run in other processes than the setup.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "../../..");

/** The e2e server's port (playwright.config.ts); the SMTP server listens 25 above it. */
export const e2ePort = (): number => Number(process.env.E2E_PORT ?? 3100);
export const e2eSmtpPort = (): number => e2ePort() + 25;
/** One folder per port, so two runs on one machine keep their mail apart. */
export const e2eMailDir = (): string => path.join(root, "data", `e2e-mail-${e2ePort()}`);

export type StoredMail = { to: string[]; subject: string; text: string; html: string; receivedAt: string };

export function readMailbox(): StoredMail[] {
  const dir = e2eMailDir();
  let names: string[];
  try {
    names = readdirSync(dir).filter((name) => name.endsWith(".json")).sort();
  } catch {
    return [];
  }
  return names.map((name) => JSON.parse(readFileSync(path.join(dir, name), "utf8")) as StoredMail);
}

/** Polls until a message to `to` whose subject matches arrives (the store's sender polls every 200 ms). */
export async function waitForMail(to: string, subject: RegExp, { timeoutMs = 15_000, after = 0 } = {}): Promise<StoredMail> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = readMailbox().filter((mail) => mail.to.includes(to.toLowerCase()) && subject.test(mail.subject));
    const mail = found[after];
    if (mail) return mail;
    if (Date.now() > deadline) throw new Error(`no message to ${to} matching ${subject} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}

/** The first link in a message's text that starts with `prefix` (e.g. the store's /reset-password). */
export function linkIn(mail: StoredMail, prefix: string): string {
  const link = mail.text.split(/\s+/).map((word) => word.replace(/^[[(<]+|[\])>.,]+$/g, "")).find((word) => word.startsWith(prefix));
  if (!link) throw new Error(`no ${prefix} link in: ${mail.text}`);
  return link;
}
