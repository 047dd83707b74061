// The journey for email: a new customer buys with demo payments, then the admin finds the
// receipt in Admin → Emails, opens it and sees the key in its preview. Whether the store sends
// (an SMTP server in playwright.config.ts) or keeps its messages, the receipt is listed the same.
import { mkdirSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { demoAdmin, newAccount, signIn, signOut, signUp } from "./helpers";

const SHOTS = "test-results/screenshots";

test("a demo purchase's receipt is in Admin → Emails, and its preview shows the key", async ({ page }) => {
  test.setTimeout(150_000);
  mkdirSync(SHOTS, { recursive: true });
  const customer = newAccount("receipt");

  // The customer buys one Pro Forms Plugin key with demo payments.
  await signUp(page, customer);
  await page.goto("/products/pro-forms-plugin");
  await page.getByRole("complementary", { name: "Buy" }).getByRole("button", { name: "Buy now" }).click();
  await page.getByRole("main").getByRole("button", { name: /^Pay .* \(demo\)$/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Thank you! Your order is paid" })).toBeVisible();
  const key = ((await page.getByRole("main").getByRole("list", { name: "License keys" }).locator("code").first().textContent()) ?? "").trim();
  expect(key).toMatch(/^CP-[0-9A-Z]{5}(-[0-9A-Z]{5}){4}$/);

  // The admin finds it by the customer's address.
  await signOut(page);
  await signIn(page, demoAdmin);
  await page.goto("/admin");
  await page.getByRole("navigation", { name: "Admin sections" }).getByRole("link", { name: "Emails" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Emails" })).toBeVisible();
  await page.getByRole("search", { name: "Emails" }).getByLabel("Recipient").fill(customer.email);
  await page.getByRole("search", { name: "Emails" }).getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(/\/admin\/emails\?q=/);
  const row = page.getByRole("region", { name: "Emails" }).getByRole("row").filter({ has: page.getByRole("link", { name: /receipt and license key/ }) });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText(customer.email);
  await expect(row.getByText(/^(sent|pending|sending|not sent: email not configured)$/)).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/admin-emails.png`, fullPage: true });

  // Its page: details, the plain text with the key, and the sandboxed HTML preview with the key.
  await row.getByRole("link").click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("receipt and license key");
  await expect(page.getByRole("main")).toContainText(customer.email);
  const frame = page.getByTitle("Email preview");
  await expect(frame).toHaveAttribute("sandbox", "");
  await expect(page.frameLocator('iframe[title="Email preview"]').getByText(key)).toBeVisible();
  await expect(page.locator("pre")).toContainText(key);
  await frame.scrollIntoViewIfNeeded();
  await frame.screenshot({ path: `${SHOTS}/receipt.png` });
});
