// Account → Settings in a real browser: changing the password keeps this browser signed in, ends
// every other session and mails "password changed"; "Sign out everywhere" ends them all, this one
// included; the name can be changed; the old Security address still leads here. The "other
// session" is a second browser context (its own cookie jar), as a stolen cookie would be.
import { expect, test, type Browser, type Page } from "@playwright/test";
import {
  expectSignedIn,
  expectSignedOut,
  formError,
  newAccount,
  screenshot,
  signIn,
  signOut,
  signUp,
  submitSignIn,
  type Account,
} from "./helpers";
import { waitForMail } from "./support/smtp-mailbox";

/** A second browser signed in to `account`: another device, or an attacker holding a cookie. */
async function otherBrowserSignedIn(browser: Browser, baseURL: string | undefined, account: Account): Promise<Page> {
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  await signIn(page, account);
  return page;
}

/** Opens an account page in `page` and expects the sign-in page instead. */
async function expectSessionEnded(page: Page) {
  await page.goto("/account");
  await expect(page).toHaveURL("/sign-in?callbackUrl=%2Faccount");
  await expectSignedOut(page);
}

async function openSettings(page: Page) {
  await page.goto("/account");
  await page.getByRole("navigation", { name: "Account sections" }).getByRole("link", { name: "Settings" }).click();
  await expect(page).toHaveURL("/account/settings");
  await expect(page.getByRole("heading", { level: 1, name: "Settings" })).toBeVisible();
}

async function changePassword(page: Page, current: string, next: string) {
  const form = page.getByRole("form", { name: "Change password" });
  await form.getByLabel("Current password").fill(current);
  await form.getByLabel("New password").fill(next);
  await form.getByRole("button", { name: "Change password" }).click();
}

test("changing the password keeps this browser signed in and signs every other session out", async ({ page, browser, baseURL }) => {
  // Two browsers, four scrypt checks and a message through SMTP: past 30 s on a loaded 2-core machine.
  test.slow();
  const account = newAccount("password");
  await signUp(page, account);
  const other = await otherBrowserSignedIn(browser, baseURL, account);

  await openSettings(page);
  await screenshot(page, "account-settings");
  await changePassword(page, account.password, `${account.password}-new`);
  await expect(page.getByRole("status").filter({ hasText: "Your password was changed" })).toBeVisible();
  const mail = await waitForMail(account.email, /password was changed/);
  expect(mail.text).toContain("changed from your account settings");

  // This browser: still signed in, on a fresh server render too.
  await page.reload();
  await expectSignedIn(page, account);
  await page.goto("/account/licenses");
  await expect(page).toHaveURL("/account/licenses");
  // The other one: signed out at its next request.
  await expectSessionEnded(other);

  // The old password is gone, the new one works.
  await signOut(page);
  await submitSignIn(page, account);
  await expect(formError(page)).toHaveText("Incorrect email or password");
  await signIn(page, { email: account.email, password: `${account.password}-new` });
  await other.context().close();
});

test("a wrong current password or a too-short new one changes nothing", async ({ page, browser, baseURL }) => {
  const account = newAccount("password-refused");
  await signUp(page, account);
  const other = await otherBrowserSignedIn(browser, baseURL, account);
  await openSettings(page);

  await changePassword(page, "not-my-password", "a-new-password");
  await expect(formError(page)).toHaveText("Your current password is not correct.");

  await changePassword(page, account.password, "short");
  await expect(page.getByText("Password must be at least 8 characters")).toBeVisible();
  await screenshot(page, "account-settings-error");

  // Nothing changed: the other session lives, and the password is the old one.
  await other.goto("/account");
  await expect(other).toHaveURL("/account");
  await expectSignedIn(other, account);
  await signOut(page);
  await signIn(page, account);
  await other.context().close();
});

test("sign out everywhere ends every session, this browser's included", async ({ page, browser, baseURL }) => {
  const account = newAccount("everywhere");
  await signUp(page, account);
  const other = await otherBrowserSignedIn(browser, baseURL, account);

  await openSettings(page);
  await page.getByRole("button", { name: "Sign out everywhere" }).click();
  await page.getByRole("dialog", { name: "Sign out everywhere?" }).getByRole("button", { name: "Sign out everywhere" }).click();
  await expect(page).toHaveURL("/sign-in");
  await expectSignedOut(page);

  await expectSessionEnded(other);
  await expectSessionEnded(page);
  // The password still works: signing in again starts a new session.
  await signIn(page, account);
  await other.context().close();
});

test("the name can be changed, and the old Security address leads to Settings", async ({ page }) => {
  const account = newAccount("name");
  await signUp(page, account);
  await page.goto("/account/security");
  await expect(page).toHaveURL("/account/settings");

  const form = page.getByRole("form", { name: "Change name" });
  await form.getByLabel("Name").fill("   ");
  await form.getByRole("button", { name: "Save name" }).click();
  await expect(page.getByText("Enter your name")).toBeVisible();
  await form.getByLabel("Name").fill("  Renamed Customer  ");
  await form.getByRole("button", { name: "Save name" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Your name was saved." })).toBeVisible();
  await page.goto("/account");
  await expect(page.getByText("Renamed Customer", { exact: true })).toBeVisible();
  await expect(page.getByText("Not verified")).toHaveCount(0);
  await page.goto("/account/settings");
  await expect(page.getByText("Not verified", { exact: true })).toBeVisible();
});
