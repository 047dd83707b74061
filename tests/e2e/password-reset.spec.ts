// The password reset in a real browser, with mail really sent (the SMTP server of
// support/smtp-global-setup.ts): a customer signed in on one device resets the password from
// another through "Forgot password?" and the emailed link; the first device is signed out at its
// next page, and only the new password signs in. Then the address confirmation link and banner.
import { expect, test } from "@playwright/test";
import { expectSignedIn, expectSignedOut, formError, newAccount, screenshot, signIn, signUp, submitSignIn } from "./helpers";
import { linkIn, waitForMail } from "./support/smtp-mailbox";

test("forgot password → emailed link → new password typed twice: every other session ends, only the new password works", async ({ page, browser, baseURL }) => {
  // Two browsers, several scrypt checks and a message through SMTP: past 30 s on a loaded machine.
  test.slow();
  const account = newAccount("reset");
  // Device one: a fresh customer, signed in.
  await signUp(page, account);

  // Device two: the customer who forgot the password.
  const other = await (await browser.newContext({ baseURL })).newPage();
  await other.goto("/sign-in");
  await other.getByRole("link", { name: "Forgot password?" }).click();
  await expect(other).toHaveURL("/forgot-password");
  await other.getByLabel("Email").fill(account.email);
  await screenshot(other, "forgot-password");
  await other.getByRole("button", { name: "Send reset link" }).click();
  await expect(other.getByRole("status").filter({ hasText: "If an account exists for that address, we sent it a link" })).toBeVisible();

  const mail = await waitForMail(account.email, /^Reset your /);
  const link = linkIn(mail, `${baseURL}/reset-password?token=`);
  await other.goto(link);
  const form = other.getByRole("form", { name: "Choose a new password" });
  const newPassword = `${account.password}-reset`;
  await form.getByLabel("New password", { exact: true }).fill(newPassword);
  await form.getByLabel("Repeat the new password").fill(`${newPassword}-typo`);
  await form.getByRole("button", { name: "Set new password" }).click();
  await expect(other.getByText("The passwords do not match")).toBeVisible();
  await form.getByLabel("New password", { exact: true }).fill(newPassword);
  await form.getByLabel("Repeat the new password").fill(newPassword);
  await form.getByRole("button", { name: "Set new password" }).click();
  await expect(other.getByRole("status").filter({ hasText: "Password changed. Sign in with your new password." })).toBeVisible();
  await screenshot(other, "reset-password-done");
  // Not signed in by the reset.
  await expectSignedOut(other);

  // Device one is signed out at its next navigation.
  await page.goto("/account");
  await expect(page).toHaveURL("/sign-in?callbackUrl=%2Faccount");
  await expectSignedOut(page);
  // The old password is refused, the new one signs in.
  await submitSignIn(page, account, { open: false });
  await expect(formError(page)).toHaveText("Incorrect email or password");
  await signIn(page, { email: account.email, password: newPassword }, { open: false });
  await expectSignedIn(page, account);

  // The link is spent.
  await other.goto(link);
  await expect(formError(other)).toContainText("This link was already used");
  await other.context().close();
});

test("a new account confirms its address from the emailed link; the banner offers a new link until then", async ({ page, browser, baseURL }) => {
  const account = newAccount("verify");
  await signUp(page, account);
  const banner = page.getByRole("region", { name: "Confirm your email address" });
  await expect(banner).toBeVisible();
  await banner.getByRole("button", { name: "Resend the link" }).click();
  await expect(banner.getByRole("status")).toHaveText(`We sent a new link to ${account.email}.`);
  await screenshot(page, "account-unverified");

  // The resent link (the second message) works, opened in a browser signed in to nothing.
  const mail = await waitForMail(account.email, /^Confirm your email address/, { after: 1 });
  const other = await (await browser.newContext({ baseURL })).newPage();
  await other.goto(linkIn(mail, `${baseURL}/verify-email?token=`));
  // Opening the link confirms nothing by itself (a mail scanner may fetch it): the button does.
  await page.reload();
  await expect(banner).toBeVisible();
  await other.getByRole("button", { name: "Confirm my email address" }).click();
  await expect(other.getByRole("status")).toContainText("Your email address is confirmed.");
  await other.context().close();

  await page.reload();
  await expect(page.getByRole("heading", { name: "Your account" })).toBeVisible();
  await expect(banner).toHaveCount(0);
  await page.goto("/account/settings");
  await expect(page.getByText("Verified", { exact: true })).toBeVisible();
});
