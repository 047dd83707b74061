// Playwright globalSetup: a real SMTP server for the e2e store (playwright.config.ts points the
// store's SMTP_URL at it), so journeys such as the password reset read the link from a message
// that was really sent. Every message becomes a JSON file in the mailbox folder (smtp-mailbox.ts),
// emptied at the start of each run. Returns the teardown, which stops the server.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { startTestSmtpServer } from "../../helpers/smtp";
import { e2eMailDir, e2eSmtpPort, type StoredMail } from "./smtp-mailbox";

export default async function smtpGlobalSetup(): Promise<() => Promise<void>> {
  const dir = e2eMailDir();
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const smtp = await startTestSmtpServer({ port: e2eSmtpPort() });
  let written = 0;
  // The helper (tests/helpers/smtp.ts) keeps messages in an array and has no per-message hook:
  // each one pushed is written out as it arrives.
  const push = smtp.received.push.bind(smtp.received);
  smtp.received.push = (...mails) => {
    for (const mail of mails) {
      const stored: StoredMail = { to: mail.to.map((to) => to.toLowerCase()), subject: mail.subject, text: mail.text, html: mail.html, receivedAt: new Date().toISOString() };
      written += 1;
      writeFileSync(path.join(dir, `${Date.now()}-${String(written).padStart(5, "0")}.json`), JSON.stringify(stored));
    }
    return push(...mails);
  };
  return () => smtp.close();
}
