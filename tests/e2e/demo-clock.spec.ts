// A yearly subscription in the demo store, as a new user tries it: buy the yearly app with demo
// payments, see "Renews automatically", then the admin advances the demo clock past the year and
// the same key is renewed (a paid renewal order, its receipt), VALID in Verify a year on.
//
// Advancing the clock moves every key's dates in the shared e2e database, so this file runs in its
// own Playwright project after every other journey (playwright.config.ts: "demo-clock").
import { expect, test, type Page } from "@playwright/test";
import { demoAdmin, newAccount, screenshot, signIn, signUp } from "./helpers";
import { screenshotBothWidths, uniqueDomain, verify } from "./license-helpers";
import { waitForMail } from "./support/smtp-mailbox";

const DAY_MS = 24 * 60 * 60 * 1000;
const main = (page: Page) => page.getByRole("main");

test("a demo subscription renews the same key when the admin advances the clock past its year", async ({ page, browser, request }) => {
  test.setTimeout(180_000);
  const customer = newAccount("subscription");
  await signUp(page, customer);

  // The storefront sells it per year, one key per order.
  await page.goto("/products/invoice-desktop-app");
  const buy = page.getByRole("complementary", { name: "Buy" });
  await expect(buy).toContainText("per year");
  await expect(main(page)).toContainText("1 year, renewed every year by subscription");
  await buy.getByRole("button", { name: "Buy now" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Demo checkout" })).toBeVisible();
  await main(page).getByRole("button", { name: "Pay $29.00 (demo)" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Thank you! Your order is paid" })).toBeVisible();
  const key = (await main(page).getByRole("list", { name: "License keys" }).locator("code").textContent())?.trim() ?? "";
  expect(key).toMatch(/^CP(-[0-9A-Z]{5}){5}$/);
  const bought = await verify(request, key, uniqueDomain("subscribed"));
  expect(bought).toMatchObject({ valid: true, code: "VALID" });

  // Its page says it renews by itself, with no Renew button (the subscription renews it).
  await page.goto("/account/licenses");
  await main(page).getByRole("article", { name: "Invoice Desktop App" }).getByRole("link").first().click();
  await expect(page.getByRole("heading", { level: 1, name: "Invoice Desktop App" })).toBeVisible();
  const panel = main(page).locator("section", { has: page.getByRole("heading", { name: "Yearly subscription" }) });
  await expect(panel).toContainText("Renews automatically on");
  await expect(panel.getByRole("button", { name: "Cancel subscription" })).toBeVisible();
  await expect(main(page).getByRole("button", { name: /^Renew for/ })).toHaveCount(0);
  await screenshotBothWidths(page, "subscription-key");
  const licenseUrl = page.url();

  // The admin moves the demo store a year and a day on.
  const admin = await browser.newContext();
  const adminPage = await admin.newPage();
  await signIn(adminPage, demoAdmin);
  await adminPage.goto("/admin");
  await adminPage.getByRole("link", { name: "Demo tools (advance the clock)" }).click();
  await expect(adminPage.getByRole("heading", { level: 1, name: "Demo" })).toBeVisible();
  await adminPage.getByLabel("Days").fill("366");
  await adminPage.getByRole("button", { name: "Advance the clock" }).click();
  await expect(adminPage.getByRole("main").getByRole("alert").or(adminPage.getByRole("main").getByRole("status")).first()).toContainText(
    /The store is now 366 days later: \d+ subscription renewals?/,
  );
  await screenshot(adminPage, "admin-demo-clock");

  // The same key, renewed for the next year: VALID, expiring about a year after the clock's "now".
  const renewed = await verify(request, key, uniqueDomain("renewed"));
  expect(renewed).toMatchObject({ valid: true, code: "VALID" });
  const expiresAt = Date.parse((renewed as unknown as { license: { expires_at: string } }).license.expires_at);
  expect(expiresAt).toBeGreaterThan(Date.now() + 300 * DAY_MS);

  // The receipt says it was renewed; the customer's orders list the renewal of this key.
  const receipt = await waitForMail(customer.email, /license renewed/);
  expect(receipt.text).toContain("renewed until");
  await page.goto(licenseUrl);
  await expect(main(page).getByText(key, { exact: true })).toBeVisible();
  await expect(main(page).getByText("Active", { exact: true }).first()).toBeVisible();
  await page.goto("/account/orders");
  await expect(main(page)).toContainText(`Renewal of key CP-*****-*****-*****-*****-${key.slice(-5)}`);
  await admin.close();
});
