// Two-factor sign-in through the real server (next-auth's credentials callback, the admin pages,
// server actions and route handlers), on both databases: no session exists before the code is
// right, a code works once (also when the same code arrives several times at once), a recovery
// code works once, wrong codes are throttled, "Require two-factor sign-in for admins" closes every
// admin door to an admin without it (and cannot be turned on by one), and `admin:create --reset-2fa`
// is the owner's way back in.
import { expect, it } from "vitest";
import { SIGN_IN_ERRORS } from "../../../lib/auth/sign-in-errors";
import { adminsMustUseTwoFactor } from "../../../lib/auth/two-factor-policy";
import { serverActions } from "../../helpers/app-routes";
import { runScript } from "../../helpers/run-script";
import { createAccount, type TestAccount } from "../../helpers/sessions";
import { startStoreServer, type StoreServer } from "../../helpers/store-server";
import { describeEachDatabaseWith, type TestDatabase } from "../../helpers/test-databases";
import { appCode, turnOnTwoFactor } from "../../helpers/two-factor";

/** Per (email, IP): a burst of one account's sign-ins stays within it, eight wrong codes do not. */
const MAX_ATTEMPTS = 8;
const SETUP_PATH = "/account/settings/two-factor?required=admin";

type Fixture = { database: TestDatabase; server: StoreServer };
type SignInAnswer = { session: string | null; error: string | null };

const cookiesOf = (response: Response) => response.headers.getSetCookie().map((cookie) => cookie.split(";")[0] ?? "");

/** Submits the sign-in form as the browser's signIn() does; the session cookie, or the form's error. */
async function attemptSignIn(server: StoreServer, fields: { email: string; password: string; code?: string }): Promise<SignInAnswer> {
  const csrf = await fetch(`${server.url}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const response = await fetch(`${server.url}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: cookiesOf(csrf).join("; ") },
    body: new URLSearchParams({ ...fields, code: fields.code ?? "", csrfToken, json: "true" }),
  });
  const session = cookiesOf(response).find((cookie) => cookie.startsWith("next-auth.session-token=")) ?? null;
  const { url } = (await response.json()) as { url?: string };
  return { session, error: url ? new URL(url, server.url).searchParams.get("error") : null };
}

async function signInWithCode(server: StoreServer, account: TestAccount, code: string): Promise<string> {
  const answer = await attemptSignIn(server, { ...account, code });
  if (!answer.session) throw new Error(`sign-in with a code failed: ${answer.error}`);
  return answer.session;
}

const get = (server: StoreServer, path: string, cookie: string) => fetch(server.url + path, { redirect: "manual", headers: { Cookie: cookie } });

/** Where a page sends the browser: its Location, or the redirect Next.js streams into the page. */
async function redirectOf(server: StoreServer, path: string, cookie: string): Promise<{ status: number; to: string | null; html: string }> {
  const response = await get(server, path, cookie);
  const html = await response.text();
  const location = response.headers.get("location");
  const streamed = /NEXT_REDIRECT;[a-z]+;([^;"]+);/.exec(html)?.[1] ?? null;
  return { status: response.status, to: location ?? streamed, html };
}

/** Whether `cookie` is a live session: /account shows the account, not the way to sign in. */
async function opensAccount(server: StoreServer, cookie: string, email: string): Promise<boolean> {
  const response = await get(server, "/account", cookie);
  const html = await response.text();
  return response.status === 200 && html.includes(">Your account</h1>") && html.includes(email);
}

/** Calls a server action the way its form does (`$K1` is the form, its fields prefixed `_1_`). */
async function callAction(server: StoreServer, name: string, page: string, fields: Record<string, string>, cookie: string) {
  const action = serverActions(server.distDir).find((a) => a.name === name);
  if (!action) throw new Error(`no action ${name} in the build`);
  const form = new FormData();
  for (const [field, value] of Object.entries(fields)) form.append(`_1_${field}`, value);
  form.append("0", JSON.stringify([{}, "$K1"]));
  const response = await fetch(server.url + page, {
    method: "POST",
    redirect: "manual",
    headers: { "Next-Action": action.id, Accept: "text/x-component", Cookie: cookie },
    body: form,
  });
  return { status: response.status, redirect: response.headers.get("x-action-redirect"), body: await response.text() };
}

describeEachDatabaseWith<Fixture>(
  "two-factor sign-in over HTTP",
  {
    async setup(database) {
      return { database, server: await startStoreServer({ databaseUrl: database.url, env: { SIGN_IN_MAX_ATTEMPTS: MAX_ATTEMPTS } }) };
    },
    async teardown({ server }) {
      await server.stop();
    },
  },
  ({ fixture }) => {
    const server = () => fixture().server;
    const db = () => fixture().database.db;

    async function accountWithTwoFactor(role: "CUSTOMER" | "ADMIN" = "CUSTOMER") {
      const account = await createAccount(db(), role);
      return { account, ...(await turnOnTwoFactor(db(), account.id)) };
    }

    it("the right password alone opens no session and asks for the code; a wrong password says only that", async () => {
      const { account, secret } = await accountWithTwoFactor();
      expect(await attemptSignIn(server(), account)).toEqual({ session: null, error: SIGN_IN_ERRORS.code_required });
      const wrongPassword = { ...account, password: "not-the-password" };
      expect(await attemptSignIn(server(), wrongPassword)).toEqual({ session: null, error: SIGN_IN_ERRORS.invalid });
      expect(await attemptSignIn(server(), { ...wrongPassword, code: appCode(secret) })).toEqual({ session: null, error: SIGN_IN_ERRORS.invalid });
      // An account without two-factor answers a wrong password with the same words.
      const plain = await createAccount(db(), "CUSTOMER");
      expect(await attemptSignIn(server(), { ...plain, password: "not-the-password" })).toEqual({ session: null, error: SIGN_IN_ERRORS.invalid });
      expect((await attemptSignIn(server(), plain)).session).not.toBeNull();
    });

    it("a right code opens a session; the same code again opens none", async () => {
      const { account, secret } = await accountWithTwoFactor();
      const code = appCode(secret);
      const session = await signInWithCode(server(), account, code);
      expect(await opensAccount(server(), session, account.email)).toBe(true);
      expect(await attemptSignIn(server(), { ...account, code })).toEqual({ session: null, error: SIGN_IN_ERRORS.code_invalid });
      // The next code of the app works.
      expect((await attemptSignIn(server(), { ...account, code: appCode(secret, 1) })).session).not.toBeNull();
    });

    it("six sign-ins at once with one code: exactly one session", async () => {
      const { account, secret } = await accountWithTwoFactor();
      const code = appCode(secret);
      const answers = await Promise.all(Array.from({ length: 6 }, () => attemptSignIn(server(), { ...account, code })));
      expect(answers.filter((answer) => answer.session !== null)).toHaveLength(1);
      expect(answers.filter((answer) => answer.error === SIGN_IN_ERRORS.code_invalid)).toHaveLength(5);
    });

    it("a recovery code signs in once, and its use is audited", async () => {
      const { account, recoveryCodes } = await accountWithTwoFactor();
      const code = recoveryCodes[3] ?? "";
      const session = await signInWithCode(server(), account, code);
      expect(await opensAccount(server(), session, account.email)).toBe(true);
      expect(await attemptSignIn(server(), { ...account, code })).toEqual({ session: null, error: SIGN_IN_ERRORS.code_invalid });
      expect(await db().auditEvent.count({ where: { subject: `user:${account.id}`, action: "user.two_factor_recovery_code_used" } })).toBe(1);
      expect(await db().twoFactorRecoveryCode.count({ where: { userId: account.id, usedAt: null } })).toBe(9);
    });

    it(`wrong codes are throttled: after ${MAX_ATTEMPTS} attempts even the right code opens no session`, async () => {
      const { account, secret } = await accountWithTwoFactor();
      const window = [-1, 0, 1, 2].map((steps) => appCode(secret, steps));
      const wrong = ["000000", "111111", "222222", "333333", "444444"].find((code) => !window.includes(code)) ?? "555555";
      expect((await attemptSignIn(server(), account)).error).toBe(SIGN_IN_ERRORS.code_required);
      for (let i = 1; i < MAX_ATTEMPTS; i++) {
        expect(await attemptSignIn(server(), { ...account, code: wrong })).toEqual({ session: null, error: SIGN_IN_ERRORS.code_invalid });
      }
      expect(await attemptSignIn(server(), { ...account, code: appCode(secret) })).toEqual({ session: null, error: SIGN_IN_ERRORS.throttled });
    });

    it("admin:create --reset-2fa turns it off and signs out every session; the password alone then signs in", async () => {
      const { account, secret } = await accountWithTwoFactor("ADMIN");
      const session = await signInWithCode(server(), account, appCode(secret));
      expect(await opensAccount(server(), session, account.email)).toBe(true);

      const run = await runScript("admin-create.ts", ["--email", account.email, "--reset-2fa"], { env: { DATABASE_URL: fixture().database.url } });
      expect(run.stderr).toBe("");
      expect(run.code).toBe(0);
      expect(run.stdout).toContain(`Two-factor sign-in is now OFF for ${account.email} (it was on); 10 recovery codes were deleted.`);
      expect(run.stdout).toContain("Every session of it was signed out.");
      expect(await opensAccount(server(), session, account.email)).toBe(false);
      expect(await db().user.findUniqueOrThrow({ where: { id: account.id } })).toMatchObject({ twoFactorSecret: null, twoFactorEnabledAt: null });
      const again = await attemptSignIn(server(), account);
      expect(again.error).toBeNull();
      expect(await opensAccount(server(), again.session ?? "", account.email)).toBe(true);

      const unknown = await runScript("admin-create.ts", ["--email", `nobody-${account.id}@example.org`, "--reset-2fa"], { env: { DATABASE_URL: fixture().database.url } });
      expect(unknown.code).toBe(1);
      expect(unknown.stderr).toMatch(/has no account\. Nothing was changed\./);
      const mixed = await runScript("admin-create.ts", ["--email", account.email, "--reset-2fa", "--promote"], { env: { DATABASE_URL: fixture().database.url } });
      expect(mixed.code).toBe(1);
      expect(mixed.stderr).toMatch(/--reset-2fa changes nothing but two-factor sign-in/);
    });

    it("'require two-factor for admins': refused to an admin without it; then every admin page, action and route refuses such an admin until it is set up", async () => {
      const setting = () => adminsMustUseTwoFactor(db());
      const plainAdmin = await createAccount(db(), "ADMIN");
      const plainSession = (await attemptSignIn(server(), plainAdmin)).session ?? "";
      const field = { adminsRequireTwoFactor: "on" };

      const refused = await callAction(server(), "saveAdminTwoFactorSettingAction", "/admin/settings", field, plainSession);
      expect(refused.body).toContain("Turn on two-factor sign-in for your own account first");
      expect(await setting()).toBe(false);

      const { account: owner, secret } = await accountWithTwoFactor("ADMIN");
      const ownerSession = await signInWithCode(server(), owner, appCode(secret));
      const saved = await callAction(server(), "saveAdminTwoFactorSettingAction", "/admin/settings", field, ownerSession);
      expect(saved.body).toContain("Admins without two-factor sign-in now see only the page that sets it up");
      expect(await setting()).toBe(true);

      try {
        // Pages: the set-up page instead, whichever admin page is asked for.
        for (const path of ["/admin", "/admin/settings", "/admin/licenses", "/admin/emails"]) {
          const answer = await redirectOf(server(), path, plainSession);
          expect(answer.to, `${path}: ${answer.status}`).toBe(SETUP_PATH);
          expect(answer.html, path).not.toContain("Save sign-in settings");
        }
        const setup = await get(server(), SETUP_PATH, plainSession);
        expect(setup.status).toBe(200);
        expect(await setup.text()).toContain("This store requires two-factor sign-in for admins.");

        // Server actions: sent to the set-up page, nothing changed.
        const localFree = () => db().setting.findUnique({ where: { key: "local_environments_free" } });
        const freeBefore = await localFree();
        const action = await callAction(server(), "saveStoreSettingsAction", "/admin/settings", { localEnvironmentsFree: freeBefore?.value === "true" ? "" : "on" }, plainSession);
        expect(action.redirect).toContain(SETUP_PATH);
        expect(action.body).not.toContain("Saved.");
        const offAgain = await callAction(server(), "saveAdminTwoFactorSettingAction", "/admin/settings", {}, plainSession);
        expect(offAgain.redirect).toContain(SETUP_PATH);
        expect(await setting()).toBe(true);
        expect(await localFree()).toEqual(freeBefore);

        // Route handlers: 403 TWO_FACTOR_REQUIRED before anything is read.
        const preview = await get(server(), "/admin/emails/some-message/preview", plainSession);
        expect(preview.status).toBe(403);
        expect(await preview.json()).toMatchObject({ error: { code: "TWO_FACTOR_REQUIRED" } });
        const upload = await fetch(`${server().url}/admin/products/some-product/releases/upload`, {
          method: "POST",
          headers: { Cookie: plainSession, "Content-Type": "multipart/form-data; boundary=x" },
          body: "--x--\r\n",
        });
        expect(upload.status).toBe(403);
        expect(await upload.json()).toMatchObject({ error: { code: "TWO_FACTOR_REQUIRED" } });

        // The admin with two-factor, and a customer, are unaffected.
        expect((await get(server(), "/admin/settings", ownerSession)).status).toBe(200);
        const customer = (await attemptSignIn(server(), await createAccount(db(), "CUSTOMER"))).session ?? "";
        expect((await get(server(), "/admin", customer)).status).toBe(403);

        // Once the admin sets it up, that session has ended; signed in again with a code, Admin opens.
        const { secret: plainSecret } = await turnOnTwoFactor(db(), plainAdmin.id);
        expect(await opensAccount(server(), plainSession, plainAdmin.email)).toBe(false);
        const withCode = await signInWithCode(server(), plainAdmin, appCode(plainSecret));
        expect((await get(server(), "/admin/settings", withCode)).status).toBe(200);
      } finally {
        await callAction(server(), "saveAdminTwoFactorSettingAction", "/admin/settings", {}, ownerSession);
      }
      expect(await setting()).toBe(false);
    });
  },
);
