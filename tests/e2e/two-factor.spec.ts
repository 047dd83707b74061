// Two-factor sign-in in a real browser, as a store owner sets it up: a new admin (made with
// admin:create, as in production) turns it on by typing the key shown as text into "the app" (the
// test computes codes from it with otpauth, as an authenticator does), saves the recovery codes,
// is signed out by turning it on, signs in again with a code, then with a recovery code. The demo
// admin is left alone: other journeys sign in as it without a code.
import { expect, test, type Page } from "@playwright/test";
import { Secret, TOTP } from "otpauth";
import { expectSignedIn, formError, newAccount, runAdminCreate, screenshot, signIn, signOut, submitSignIn } from "./helpers";

const PERIOD_SECONDS = 30;

/**
 * The app's codes for `key`, as a person reads them: the code of the current step, or, when that
 * step was used already, the next one, which the store accepts one step early (a phone clock a
 * little fast). When that one is used too, the person waits for the app's next code: the store
 * accepts each step only once, so a journey with several codes must let time pass.
 */
function authenticatorApp(key: string) {
  const secret = Secret.fromBase32(key);
  const stepNow = () => Math.floor(Date.now() / 1000 / PERIOD_SECONDS);
  let lastStep = -1;
  return async (): Promise<string> => {
    const step = Math.max(stepNow(), lastStep + 1);
    const wait = (step - 1) * PERIOD_SECONDS * 1000 - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait + 250));
    lastStep = step;
    return TOTP.generate({ secret, algorithm: "SHA1", digits: 6, period: PERIOD_SECONDS, timestamp: step * PERIOD_SECONDS * 1000 });
  };
}

async function submitCode(page: Page, code: string) {
  await page.getByLabel("Authentication code").fill(code);
  await page.getByRole("button", { name: "Sign in" }).click();
}

test("an admin turns on two-factor sign-in, then signs in with a code and with a recovery code", async ({ page }) => {
  // Four sign-ins (scrypt each) and an admin:create run: past 30 s on a loaded 2-core machine.
  test.slow();
  const owner = newAccount("two-factor");
  const created = await runAdminCreate(["--email", owner.email], owner.password);
  expect(created.stderr).toBe("");
  await signIn(page, owner);

  // Account → Settings → Two-factor sign-in.
  await page.goto("/account/settings");
  const card = page.locator("section").filter({ has: page.getByRole("heading", { name: "Two-factor sign-in", exact: true }) });
  await expect(card.getByText("Off", { exact: true })).toBeVisible();
  await page.getByRole("link", { name: "Set up two-factor sign-in" }).click();
  await expect(page).toHaveURL("/account/settings/two-factor");
  await page.getByRole("button", { name: "Set up two-factor sign-in" }).click();

  const qr = page.getByRole("img", { name: "QR code for your authenticator app" });
  await expect(qr).toBeVisible();
  expect(await qr.getAttribute("src")).toMatch(/^data:image\/svg\+xml;base64,/);
  // Drawn, not blocked: the page's CSP allows data: images and nothing else from outside.
  await expect.poll(() => qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
  const shownKey = (await page.getByTestId("totp-secret").textContent()) ?? "";
  expect(shownKey).toMatch(/^([A-Z2-7]{4} )+[A-Z2-7]{1,4}$/);
  await screenshot(page, "two-factor-setup");
  const app = authenticatorApp(shownKey.replace(/\s/g, ""));

  // A wrong first code changes nothing; the right one turns it on and shows the recovery codes once.
  await page.getByLabel("Code from your app").fill("12345");
  await page.getByRole("button", { name: "Turn on two-factor sign-in" }).click();
  await expect(formError(page)).toContainText("That code is not right.");
  await page.getByLabel("Code from your app").fill(await app());
  await page.getByRole("button", { name: "Turn on two-factor sign-in" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Two-factor sign-in is on." })).toBeVisible();
  const codes = await page.getByRole("list", { name: "Recovery codes" }).getByRole("listitem").allTextContents();
  expect(codes).toHaveLength(10);
  for (const code of codes) expect(code).toMatch(/^[0-9a-z]{4}(-[0-9a-z]{4}){3}$/);
  const download = page.getByRole("link", { name: "Download as a text file" });
  await expect(download).toHaveAttribute("download", "recovery-codes.txt");
  expect(decodeURIComponent((await download.getAttribute("href")) ?? "")).toContain(codes[9]);
  await screenshot(page, "two-factor-recovery-codes");
  // Turning it on ended every session, this one too: the button goes on to sign in again.
  await page.getByRole("button", { name: "I have saved them" }).click();
  await expect(page).toHaveURL("/sign-in?callbackUrl=%2Fadmin");
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Sign in" })).toBeVisible();

  // The password alone: the form asks for the code, and nobody is signed in yet.
  await submitSignIn(page, owner, { open: false });
  await expect(page.getByRole("main").getByRole("status").filter({ hasText: "Enter the code from your authenticator app" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Sign in" })).toBeVisible();
  await screenshot(page, "two-factor-sign-in-code");
  await submitCode(page, await app());
  await expectSignedIn(page, owner);
  await expect(page).toHaveURL("/admin");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await page.goto("/account/settings");
  await expect(card.getByText("On", { exact: true })).toBeVisible();
  await expect(card.getByText("10 of 10 recovery codes left.")).toBeVisible();
  await signOut(page);

  // A recovery code instead, typed in capitals: it works once.
  await submitSignIn(page, owner);
  await submitCode(page, (codes[0] ?? "").toUpperCase());
  await expectSignedIn(page, owner);
  await page.goto("/account/settings");
  await expect(card.getByText("9 of 10 recovery codes left.")).toBeVisible();
  await signOut(page);
  await submitSignIn(page, owner);
  await submitCode(page, codes[0] ?? "");
  await expect(formError(page)).toContainText("That code is not right, or was used already.");

  // Signed in again: new recovery codes, then turning it off, each with the password and a code.
  await submitCode(page, await app());
  await expectSignedIn(page, owner);
  await page.goto("/account/settings/two-factor");
  const renew = page.getByRole("form", { name: "Make new recovery codes" });
  await renew.getByLabel("Password").fill(owner.password);
  await renew.getByLabel("Code from your app, or a recovery code").fill(await app());
  await renew.getByRole("button", { name: "Make new recovery codes" }).click();
  const newList = page.getByRole("list", { name: "Recovery codes" }).getByRole("listitem");
  await expect(newList).toHaveCount(10);
  const newCodes = await newList.allTextContents();
  expect(newCodes).not.toContain(codes[1]);
  await page.getByRole("button", { name: "I have saved them" }).click();
  await expect(page.getByText("10 of 10 recovery codes left.")).toBeVisible();

  const turnOff = page.getByRole("form", { name: "Turn off two-factor sign-in" });
  await turnOff.getByLabel("Password").fill("not-the-password");
  await turnOff.getByLabel("Code from your app, or a recovery code").fill(newCodes[0] ?? "");
  await turnOff.getByRole("button", { name: "Turn off two-factor sign-in" }).click();
  await expect(turnOff.getByText("Your password is not correct.")).toBeVisible();
  await turnOff.getByLabel("Password").fill(owner.password);
  await turnOff.getByLabel("Code from your app, or a recovery code").fill(newCodes[0] ?? "");
  await turnOff.getByRole("button", { name: "Turn off two-factor sign-in" }).click();
  await expect(page.getByRole("button", { name: "Set up two-factor sign-in" })).toBeVisible();
  await signOut(page);
  await signIn(page, owner);
});
