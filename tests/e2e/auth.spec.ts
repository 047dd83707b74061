// Accounts in a real browser against the built app: sign up, sign out, sign in, wrong passwords,
// and who may open /admin (anonymous → sign in, customer → 403, admin → the dashboard).
import { expect, test } from "@playwright/test";
import {
  demoAdmin,
  demoCustomer,
  expectSignedIn,
  expectSignedOut,
  formError,
  header,
  newAccount,
  screenshot,
  signIn,
  signOut,
  submitSignIn,
} from "./helpers";

test("a visitor signs up, signs out and signs back in with the same credentials", async ({ page }) => {
  const account = newAccount("signup");

  await page.goto("/sign-up");
  await expect(page.getByRole("heading", { name: "Create an account" })).toBeVisible();
  await screenshot(page, "sign-up");
  await page.getByLabel("Name").fill(account.name);
  await page.getByLabel("Email").fill(account.email);
  await page.getByLabel("Password").fill(account.password);
  await page.getByRole("button", { name: "Create account" }).click();

  // Signed in at once and taken to the account page.
  await expect(page).toHaveURL("/account");
  await expect(page.getByRole("heading", { name: "Your account" })).toBeVisible();
  await expectSignedIn(page, account);
  await expect(header(page).getByRole("link", { name: "Admin" })).toHaveCount(0);
  await screenshot(page, "account");

  await signOut(page);
  await expect(page).toHaveURL("/");
  // Really signed out: the account page sends the visitor to sign in again.
  await page.goto("/account");
  await expect(page).toHaveURL("/sign-in?callbackUrl=%2Faccount");
  await expectSignedOut(page);

  await signIn(page, account, { open: false });
  await expect(page).toHaveURL("/account");
  await expect(page.getByRole("heading", { name: "Your account" })).toBeVisible();
});

test("signing up twice with one email is refused", async ({ page }) => {
  await page.goto("/sign-up");
  await page.getByLabel("Name").fill("Someone Else");
  await page.getByLabel("Email").fill(demoCustomer.email);
  await page.getByLabel("Password").fill("another-password");
  await page.getByRole("button", { name: "Create account" }).click();

  await expect(formError(page)).toContainText(/already/i);
  await expect(page).toHaveURL("/sign-up");
  // The form keeps what was typed (not the password), so the visitor only changes the email.
  await expect(page.getByLabel("Name")).toHaveValue("Someone Else");
  await expect(page.getByLabel("Email")).toHaveValue(demoCustomer.email);
  await expect(page.getByLabel("Password")).toHaveValue("");
  await expectSignedOut(page);
});

test("a wrong password shows an error and stays on the sign-in page", async ({ page }) => {
  await submitSignIn(page, { email: demoCustomer.email, password: "not-the-password" });

  await expect(formError(page)).toHaveText("Incorrect email or password");
  await expect(page).toHaveURL("/sign-in");
  await expectSignedOut(page);
  await screenshot(page, "sign-in-error");
});

test("a signed-in customer opening /admin gets 403 Access denied", async ({ page }) => {
  await signIn(page, demoCustomer);
  await expect(header(page).getByRole("link", { name: "Admin" })).toHaveCount(0);

  const response = await page.goto("/admin");
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: "Access denied" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Admin", exact: true })).toHaveCount(0);
  await screenshot(page, "admin-access-denied");
});

test("an anonymous visitor opening /admin signs in as the admin and lands on the dashboard", async ({ page }) => {
  await page.goto("/admin");
  await expect(page).toHaveURL("/sign-in?callbackUrl=%2Fadmin");
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await screenshot(page, "sign-in");

  await signIn(page, demoAdmin, { open: false });
  await expect(page).toHaveURL("/admin");
  await expect(page.getByRole("heading", { name: "Admin", exact: true })).toBeVisible();
  await expect(header(page).getByRole("link", { name: "Admin" })).toBeVisible();

  // A reload is a fresh server render of the guarded page: still allowed, with HTTP 200.
  const response = await page.reload();
  expect(response?.status()).toBe(200);
  await expect(page.getByRole("heading", { name: "Admin", exact: true })).toBeVisible();
  await screenshot(page, "admin");

  // The signed-in header (the longest one) still fits a phone.
  await page.setViewportSize({ width: 375, height: 720 });
  await expect(header(page).getByRole("button", { name: "Sign out" })).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
  await screenshot(page, "admin-375");
});
