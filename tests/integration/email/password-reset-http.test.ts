// The password reset through the real server, on both databases, with a real SMTP server: the
// "Forgot password?" form answers a known and an unknown address with the same page; the link
// is read from the message that arrives; the reset form (posted as a browser without JavaScript
// posts it) sets the new password, and a session opened before is signed out at its next request.
import { expect, it } from "vitest";
import { parseForms } from "../../helpers/html-forms";
import { createAccount, signInOverHttp } from "../../helpers/sessions";
import { startTestSmtpServer, type TestSmtpServer } from "../../helpers/smtp";
import { startStoreServer, TEST_PUBLIC_URL, type StoreServer } from "../../helpers/store-server";
import { describeEachDatabaseWith, type TestDatabase } from "../../helpers/test-databases";
import { unique } from "../../helpers/factories";

type Fixture = { database: TestDatabase; smtp: TestSmtpServer; server: StoreServer };

/** The page's one form as a browser submits it, with `values` typed in; returns the page that answers. */
async function submitForm(url: string, values: Record<string, string>, cookie?: string): Promise<string> {
  const page = await fetch(url, { headers: cookie ? { Cookie: cookie } : {} });
  expect(page.status).toBe(200);
  const [form] = parseForms(await page.text(), url);
  if (!form) throw new Error(`no form on ${url}`);
  const body = new FormData();
  for (const field of form.fields) if (!(field.name in values)) body.append(field.name, field.value);
  for (const [name, value] of Object.entries(values)) body.append(name, value);
  const answer = await fetch(form.action, { method: "POST", body, headers: cookie ? { Cookie: cookie } : {} });
  expect(answer.status).toBe(200);
  return answer.text();
}

/** What a page says, without what differs per request (CSP nonces) or per build. */
const comparable = (html: string) => html.replace(/nonce="[^"]*"/g, 'nonce=""').replace(/\\"nonce\\":\\"[^\\]*\\"/g, "");

/**
 * Whether `cookie` opens /account for `email`. Signed out, the account layout answers with the
 * way to sign in (a redirect, or the page that sends the browser there) and none of the account.
 */
async function opensAccount(server: StoreServer, cookie: string, email: string): Promise<boolean> {
  const response = await fetch(`${server.url}/account`, { redirect: "manual", headers: { Cookie: cookie } });
  const html = await response.text();
  const signedIn = response.status === 200 && html.includes(">Your account</h1>") && html.includes(email);
  const toSignIn = (response.headers.get("location") ?? html).includes("/sign-in?callbackUrl=%2Faccount");
  if (signedIn === toSignIn) throw new Error(`unclear answer for /account: ${response.status} ${html.slice(0, 300)}`);
  return signedIn;
}

describeEachDatabaseWith<Fixture>(
  "password reset over HTTP",
  {
    async setup(database) {
      const smtp = await startTestSmtpServer();
      const server = await startStoreServer({ databaseUrl: database.url, env: { SMTP_URL: smtp.url, EMAIL_POLL_MS: 100 } });
      return { database, smtp, server };
    },
    async teardown({ smtp, server }) {
      await server.stop();
      await smtp.close();
    },
  },
  ({ fixture }) => {
    it("answers a known and an unknown address with the same page", async () => {
      const { server, database } = fixture();
      const known = await createAccount(database.db, "CUSTOMER");
      const pages = [];
      for (const email of [known.email, `nobody-${unique()}@example.org`]) pages.push(comparable(await submitForm(`${server.url}/forgot-password`, { email })));
      expect(pages[0]).toContain("If an account exists for that address, we sent it a link");
      expect(pages[0]).toBe(pages[1]);
      // And the typed address is not echoed on either.
      expect(pages[0]).not.toContain(known.email);
    });

    it("resets through the emailed link: the old session is signed out, the new password signs in, the address is verified", async () => {
      const { server, database, smtp } = fixture();
      const account = await createAccount(database.db, "CUSTOMER", { verified: false });
      const oldSession = await signInOverHttp(server.url, account);
      expect(await opensAccount(server, oldSession, account.email)).toBe(true);

      await submitForm(`${server.url}/forgot-password`, { email: account.email });
      const [mail] = await smtp.waitFor((m) => m.to.includes(account.email) && m.subject.startsWith("Reset your"));
      const link = /(https?:\/\/\S+\/reset-password\?token=[A-Za-z0-9_-]{43})/.exec(mail?.text ?? "")?.[1];
      // Built from NEXTAUTH_URL, never from the Host header the request carried.
      expect(link?.startsWith(`${TEST_PUBLIC_URL}/reset-password?token=`)).toBe(true);
      const resetUrl = (link ?? "").replace(TEST_PUBLIC_URL, server.url);

      const mismatch = await submitForm(resetUrl, { newPassword: "brand-new-pass", confirmPassword: "something-else" });
      expect(mismatch).toContain("The passwords do not match");
      const done = await submitForm(resetUrl, { newPassword: "brand-new-pass", confirmPassword: "brand-new-pass" });
      expect(done).toContain("Password changed. Sign in with your new password.");

      // The session opened before the reset is gone at its next request.
      expect(await opensAccount(server, oldSession, account.email)).toBe(false);
      // The new password signs in; the old one does not.
      const newSession = await signInOverHttp(server.url, { email: account.email, password: "brand-new-pass" });
      expect(await opensAccount(server, newSession, account.email)).toBe(true);
      await expect(signInOverHttp(server.url, account)).rejects.toThrow(/signing in .* failed/);

      expect((await database.db.user.findUniqueOrThrow({ where: { id: account.id } })).emailVerifiedAt).toBeInstanceOf(Date);
      await smtp.waitFor((m) => m.to.includes(account.email) && m.subject.includes("password was changed"));

      // The link is spent: opening it again says so, and posting it again changes nothing.
      const reopened = await (await fetch(resetUrl)).text();
      expect(reopened).toContain("This link was already used");
      expect(reopened).not.toContain('name="newPassword"');
    });
  },
);
