// Shared steps for the browser journeys: the demo accounts, signing in and out, and screenshots.
import { execFile } from "node:child_process";
import path from "node:path";
import { expect, type Page } from "@playwright/test";

export type Account = { email: string; password: string };

// The demo accounts `npm start` prints (lib/demo/seed-demo-store.ts). Written out rather than
// imported: that module loads the database layer, and these tests only use the app from outside.
export const demoAdmin: Account = { email: "admin@example.com", password: "demo-admin-pass" };
export const demoCustomer: Account = { email: "customer@example.com", password: "demo-customer-pass" };

/** A new account nobody has used, unique per test and per run. */
export function newAccount(label: string): Account & { name: string } {
  const unique = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
  return { name: `E2E ${label}`, email: `e2e-${label}-${unique}@example.com`, password: `pass-${unique}` };
}

export function header(page: Page) {
  return page.getByRole("navigation", { name: "Main" });
}

/** The form's error message (Next.js's own route announcer is also a role=alert, outside <main>). */
export function formError(page: Page) {
  return page.getByRole("main").getByRole("alert");
}

/** Fills the sign-in form on the current page (or opens /sign-in first) and submits it. */
export async function submitSignIn(page: Page, account: Account, { open = true } = {}) {
  if (open) await page.goto("/sign-in");
  await page.getByLabel("Email").fill(account.email);
  await page.getByLabel("Password").fill(account.password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** Signs in and waits until the header shows the account's email. */
export async function signIn(page: Page, account: Account, options?: { open?: boolean }) {
  await submitSignIn(page, account, options);
  await expectSignedIn(page, account);
}

/**
 * What the sign-up form says when it could not sign the visitor in afterwards, whether or not the
 * email already had an account (the words must not tell which).
 */
export const SIGN_UP_NOT_SIGNED_IN = "If you already have an account with this email, sign in with the password you chose for it.";

/** Fills the sign-up form and submits it; by default waits until the new account is signed in. */
export async function signUp(page: Page, account: Account & { name: string }, { expectAccount = true } = {}) {
  await page.goto("/sign-up");
  await page.getByLabel("Name").fill(account.name);
  await page.getByLabel("Email").fill(account.email);
  await page.getByLabel("Password").fill(account.password);
  await page.getByRole("button", { name: "Create account" }).click();
  if (expectAccount) await expectSignedIn(page, account);
}

export async function signOut(page: Page) {
  await header(page).getByRole("button", { name: "Sign out" }).click();
  await expectSignedOut(page);
}

export async function expectSignedIn(page: Page, account: Account) {
  const nav = header(page);
  await expect(nav.getByText(account.email, { exact: true })).toBeVisible();
  await expect(nav.getByRole("link", { name: "Account" })).toBeVisible();
  await expect(nav.getByRole("button", { name: "Sign out" })).toBeVisible();
}

export async function expectSignedOut(page: Page) {
  const nav = header(page);
  await expect(nav.getByRole("link", { name: "Sign in" })).toBeVisible();
  await expect(nav.getByRole("link", { name: "Sign up" })).toBeVisible();
  await expect(nav.getByRole("button", { name: "Sign out" })).toHaveCount(0);
}

/**
 * `npm run admin:create -- <args>` on the e2e server's database, as an operator runs it beside the
 * live store, with `password` piped on stdin.
 */
export function runAdminCreate(args: string[], password: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const root = path.resolve(import.meta.dirname, "../..");
  const databaseUrl = process.env.E2E_DATABASE_URL ?? `file:./${process.env.E2E_DATABASE ?? "data/e2e.db"}`;
  return new Promise((resolve) => {
    const child = execFile(
      path.join(root, "node_modules/.bin/tsx"),
      ["scripts/admin-create.ts", ...args],
      { cwd: root, env: { ...process.env, DATABASE_URL: databaseUrl } },
      (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, stdout, stderr }),
    );
    child.stdin?.end(`${password}\n`);
  });
}

/** Full-page screenshot kept with the run's results: test-results/screens/<name>.png. */
export async function screenshot(page: Page, name: string) {
  await page.screenshot({ path: `test-results/screens/${name}.png`, fullPage: true });
}
