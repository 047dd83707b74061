// A purchase as a new customer would make it after `npm start` (demo payments): the 5-site plugin,
// bought after signing up from the product page, its key on the success page and in Account →
// Licenses, Verify answering VALID; then the admin refunds the order and Verify answers REVOKED.
// The same journey in Stripe mode runs against the fake Stripe server in
// tests/integration/payments/stripe-purchase-journey.test.ts (real signatures, both databases).
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { demoAdmin, expectSignedIn, newAccount, screenshot, signIn, signOut } from "./helpers";

const PRODUCT = "Pro Forms Plugin";

async function verify(request: APIRequestContext, key: string) {
  const response = await request.post("/api/v1/licenses/verify", { data: { key, domain: "https://www.customer-site.example/" } });
  expect(response.status()).toBe(200);
  return (await response.json()) as { valid: boolean; code: string; message: string };
}

function main(page: Page) {
  return page.getByRole("main");
}

test("demo purchase of the 5-site plugin: key shown and VALID; the admin's refund makes it REVOKED", async ({ page, request }) => {
  test.setTimeout(150_000);
  const customer = newAccount("buyer");

  // The catalogue, with the demo-payments banner on every page.
  await page.goto("/");
  await expect(page.getByRole("note", { name: "Demo payments" })).toContainText("Demo payments: no money is taken");
  await page.getByRole("link", { name: PRODUCT }).click();

  // The product page: price, what a key allows, quantity and Buy.
  await expect(page.getByRole("heading", { level: 1, name: PRODUCT })).toBeVisible();
  const buy = page.getByRole("complementary", { name: "Buy" });
  await expect(buy).toContainText("$99.00");
  await expect(main(page)).toContainText("5 sites");
  await expect(main(page)).toContainText("1 year");
  await expect(buy.getByLabel("Quantity (one key per unit)")).toHaveValue("1");
  await screenshot(page, "purchase-product");

  // Anonymous: Buy leads to sign-in, then sign-up, then straight back to this product.
  await buy.getByRole("button", { name: "Sign in to buy" }).click();
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=/);
  await main(page).getByRole("link", { name: "Create an account" }).click();
  await page.getByLabel("Name").fill(customer.name);
  await page.getByLabel("Email").fill(customer.email);
  await page.getByLabel("Password").fill(customer.password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("heading", { level: 1, name: PRODUCT })).toBeVisible();
  await expectSignedIn(page, customer);

  // Buy one key: the clearly labelled demo checkout, then Pay.
  await buy.getByRole("button", { name: "Buy now" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Demo checkout" })).toBeVisible();
  await expect(main(page)).toContainText("Demo payments: no money is taken");
  await expect(main(page)).toContainText(`${PRODUCT} × 1`);
  await screenshot(page, "purchase-demo-checkout");
  await main(page).getByRole("button", { name: "Pay $99.00 (demo)" }).click();

  // The success page shows the paid order and its key.
  await expect(page.getByRole("heading", { level: 1, name: "Thank you! Your order is paid" })).toBeVisible();
  const keyCode = main(page).getByRole("list", { name: "License keys" }).locator("code");
  await expect(keyCode).toHaveCount(1);
  const key = (await keyCode.textContent())?.trim() ?? "";
  expect(key).toMatch(/^CP-[0-9A-Z]{5}(-[0-9A-Z]{5}){4}$/);
  await expect(main(page)).toContainText("5 sites");
  await screenshot(page, "purchase-success");

  // The key is kept in Account → Licenses.
  await page.goto("/account/licenses");
  await expect(main(page).getByRole("list", { name: "License keys" }).getByText(key, { exact: true })).toBeVisible();
  await screenshot(page, "purchase-account-licenses");

  // The customer's site verifies it.
  expect(await verify(request, key)).toMatchObject({ valid: true, code: "VALID" });

  // The admin refunds the whole order from Admin → Orders.
  await signOut(page);
  await signIn(page, demoAdmin);
  await page.goto("/admin/orders");
  const row = page.getByRole("region", { name: "Orders" }).getByRole("row").filter({ hasText: customer.email });
  await expect(row).toContainText("Paid");
  await expect(row).toContainText("Demo");
  await screenshot(page, "purchase-admin-orders");
  await row.getByRole("link").click();
  await expect(main(page).getByRole("region", { name: "Keys" })).toContainText(key);
  await main(page).getByRole("button", { name: "Refund whole order" }).click();
  const dialog = page.getByRole("dialog", { name: "Refund the whole order?" });
  await expect(dialog).toContainText("Its key is revoked at once");
  await screenshot(page, "purchase-admin-refund-dialog");
  await dialog.getByRole("button", { name: "Refund $99.00" }).click();
  await expect(main(page).getByRole("status").filter({ hasText: "Refunded in full" })).toBeVisible();
  await expect(main(page).getByRole("region", { name: "Keys" })).toContainText("Revoked");
  await expect(main(page)).toContainText("Refunded");
  await screenshot(page, "purchase-admin-refunded");

  // Verify now refuses the key.
  expect(await verify(request, key)).toEqual(expect.objectContaining({ valid: false, code: "REVOKED", message: "License has been revoked" }));
});

test("buying needs an account, and an order's page is its owner's alone", async ({ page, browser }) => {
  const buyer = newAccount("owner");
  await page.goto("/sign-up?callbackUrl=%2Fproducts%2Fstarter-seo-plugin%3Fquantity%3D2");
  await page.getByLabel("Name").fill(buyer.name);
  await page.getByLabel("Email").fill(buyer.email);
  await page.getByLabel("Password").fill(buyer.password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Starter SEO Plugin" })).toBeVisible();
  const buy = page.getByRole("complementary", { name: "Buy" });
  await expect(buy.getByLabel("Quantity (one key per unit)")).toHaveValue("2");
  await expect(buy).toContainText("$98.00");

  // Out-of-range quantities are refused on the server too.
  await buy.getByLabel("Quantity (one key per unit)").fill("101");
  await buy.getByRole("button", { name: "Buy now" }).click();
  await expect(buy).toContainText("Quantity must be at most 100");

  // Cancel on the demo checkout returns to the product; nothing is issued.
  await buy.getByLabel("Quantity (one key per unit)").fill("2");
  await buy.getByRole("button", { name: "Buy now" }).click();
  await expect(page).toHaveURL(/\/checkout\/demo\//);
  const orderId = page.url().split("/").pop() ?? "";
  await main(page).getByRole("button", { name: "Cancel" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Checkout cancelled" })).toBeVisible();
  await main(page).getByRole("link", { name: "Back to Starter SEO Plugin" }).click();
  await expect(page).toHaveURL(/\/products\/starter-seo-plugin\?quantity=2$/);

  // Another signed-in customer cannot open this order's page; an anonymous visitor must sign in.
  const other = await browser.newContext();
  const stranger = await other.newPage();
  await stranger.goto(`/checkout/success?order=${orderId}`);
  await expect(stranger).toHaveURL(/\/sign-in\?callbackUrl=/);
  await signIn(stranger, { email: "customer@example.com", password: "demo-customer-pass" }, { open: false });
  await expect(stranger.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
  await other.close();
});

test("the product page fits a phone", async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 800 });
  await page.goto("/products/pro-forms-plugin");
  await expect(page.getByRole("heading", { level: 1, name: PRODUCT })).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await screenshot(page, "purchase-product-375");
});
