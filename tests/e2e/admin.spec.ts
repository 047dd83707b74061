// Admin in a real browser: the overview, the licenses list (columns, search, status filter,
// cursor pages), a key's page (revoke, Max Activations, deactivate, replacement), products and
// settings; and a customer who tries the admin's actions is refused with nothing changed.
import { expect, test, type Browser, type Page } from "@playwright/test";
import { demoAdmin, screenshot, signIn } from "./helpers";
import {
  captureServerAction,
  replayServerAction,
  screenshotBothWidths,
  seedCustomer,
  uniqueDomain,
  verify,
  type SeededCustomer,
} from "./license-helpers";

const LICENSE_COLUMNS = ["License Key", "Customer", "Product", "Expiry", "Max Activations", "Activations Used", "Status"];

async function adminPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, demoAdmin);
  return page;
}

async function openKeyAsAdmin(page: Page, key: { id: string; key: string }) {
  await page.goto(`/admin/licenses?q=${encodeURIComponent(key.key)}`);
  await page.getByRole("link", { name: key.key }).click();
  await expect(page).toHaveURL(`/admin/licenses/${key.id}`);
}

function licenseRows(page: Page) {
  return page.getByRole("region", { name: "Licenses" }).locator("tbody tr");
}

function onlyKey(customer: SeededCustomer) {
  const [key] = customer.keys;
  if (!key) throw new Error("no key seeded");
  return key;
}

test("the overview shows licenses by status, revenue, customers and 30 days of activations", async ({ page, request }) => {
  const customer = await seedCustomer("overview", { order: { product: "starter-seo-plugin", quantity: 1 } });
  const key = customer.order?.keys[0];
  if (!key) throw new Error("no key seeded");
  expect((await verify(request, key.key, uniqueDomain("overview"))).code).toBe("VALID");

  await signIn(page, demoAdmin);
  await page.goto("/admin");
  await expect(page.getByRole("heading", { level: 1, name: "Admin" })).toBeVisible();
  const store = page.locator('dl[aria-label="Store"]');
  await expect(store.getByText("Revenue")).toBeVisible();
  await expect(store).toContainText(/\$\d[\d,]*\.\d\d/);
  await expect(store.getByText("Customers")).toBeVisible();
  const byStatus = page.locator('dl[aria-label="Licenses by status"]');
  for (const status of ["Active", "Expired", "Revoked"]) {
    await expect(byStatus.getByText(status, { exact: true })).toBeVisible();
  }
  // The chart's numbers are in a table for screen readers: today has at least this activation.
  const activations = page.getByRole("table", { name: "New activations, per day" });
  await expect(activations.locator("tbody tr")).toHaveCount(30);
  expect(Number(await activations.locator("tbody tr").last().locator("td").textContent())).toBeGreaterThanOrEqual(1);
  await expect(page.getByRole("table", { name: "Verifications, per day" }).locator("tbody tr")).toHaveCount(30);
  await screenshotBothWidths(page, "admin-overview");

  // The sub-navigation reaches every admin page.
  const nav = page.getByRole("navigation", { name: "Admin sections" });
  for (const name of ["Licenses", "Orders", "Products", "API keys", "Settings"]) {
    await expect(nav.getByRole("link", { name })).toBeVisible();
  }
});

test("the licenses list has the spec's columns, search, a status filter and cursor pages of 50", async ({ page }) => {
  const customer = await seedCustomer("paging", { keys: [{ product: "pro-forms-plugin", count: 51 }] });
  await signIn(page, demoAdmin);
  await page.goto("/admin/licenses");
  await expect(page.getByRole("heading", { level: 1, name: "Licenses" })).toBeVisible();
  const headers = page.getByRole("region", { name: "Licenses" }).getByRole("columnheader");
  await expect(headers).toHaveText(LICENSE_COLUMNS);
  await screenshotBothWidths(page, "admin-licenses");

  // Search by customer email through the GET form: 51 keys → 50 + 1 over two pages.
  await page.getByLabel("Search").fill(customer.account.email);
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(/\?q=/);
  await expect(licenseRows(page)).toHaveCount(50);
  await expect(licenseRows(page).first()).toContainText(customer.account.email);
  await expect(licenseRows(page).first()).toContainText("Pro Forms Plugin");
  await expect(licenseRows(page).first().getByRole("cell").nth(4)).toHaveText("5");
  await page.getByRole("link", { name: "Next →" }).click();
  await expect(licenseRows(page)).toHaveCount(1);
  await expect(page.getByRole("link", { name: "Next →" })).toHaveCount(0);
  await page.getByRole("link", { name: "← Previous" }).click();
  await expect(licenseRows(page)).toHaveCount(50);
  await expect(page.getByRole("link", { name: "← Previous" })).toHaveCount(0);

  // By the full key (any case), and by product name.
  const [key] = customer.keys;
  await page.goto(`/admin/licenses?q=${encodeURIComponent(key?.key.toLowerCase() ?? "")}`);
  await expect(licenseRows(page)).toHaveCount(1);
  await expect(page.getByRole("link", { name: key?.key })).toBeVisible();

  // The status filter: none of this customer's keys is revoked.
  await page.goto(`/admin/licenses?q=${encodeURIComponent(customer.account.email)}`);
  await page.getByLabel("Status").selectOption("revoked");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(/status=revoked/);
  await expect(page.getByText("No licenses match")).toBeVisible();
  await page.getByLabel("Status").selectOption("active");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(licenseRows(page)).toHaveCount(50);
  await page.goto("/admin/licenses?status=revoked");
  await expect(licenseRows(page).first().getByText("Revoked", { exact: true })).toBeVisible();
});

test("revoking a key in Admin shows it Revoked in the customer's account and in Verify", async ({ page, browser, request }) => {
  test.setTimeout(150_000); // two accounts, two screen widths and Admin → Emails: ~27 s on an idle machine
  const customer = await seedCustomer("revoke", { keys: [{ product: "pro-forms-plugin" }] });
  const key = onlyKey(customer);
  const site = uniqueDomain("revoke");
  expect((await verify(request, key.key, site)).code).toBe("VALID");

  await signIn(page, demoAdmin);
  await openKeyAsAdmin(page, key);
  await expect(page.getByRole("heading", { level: 1, name: "Pro Forms Plugin" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Activation history" }).getByRole("row").filter({ hasText: site })).toBeVisible();
  await screenshotBothWidths(page, "admin-license");

  await page.getByRole("button", { name: "Revoke key" }).click();
  const dialog = page.getByRole("dialog", { name: "Revoke this key permanently?" });
  await expect(dialog).toBeVisible();
  const reason = "Chargeback on the card used for this order";
  await dialog.getByLabel(/Reason/).fill(reason);
  await expect(dialog.getByText(`${reason.length} / 500`)).toBeVisible();
  // The customer is told by default; this test unticks it, and no notice is queued.
  const notify = dialog.getByRole("checkbox", { name: /Notify the customer/ });
  await expect(notify).toBeChecked();
  await screenshot(page, "admin-license-revoke-dialog");
  await notify.uncheck();
  await dialog.getByRole("button", { name: "Revoke permanently" }).click();
  await expect(dialog).toBeHidden();

  const note = page.getByRole("note", { name: "Revocation" });
  await expect(note).toContainText(`by ${demoAdmin.email}`);
  await expect(note).toContainText(`Reason: ${reason}`);
  await expect(page.getByRole("button", { name: "Revoke key" })).toHaveCount(0);
  await expect(page.getByRole("listitem").filter({ hasText: "Revoked" }).filter({ hasText: reason })).toBeVisible();
  await screenshotBothWidths(page, "admin-license-revoked");

  await page.goto(`/admin/emails?q=${encodeURIComponent(customer.account.email)}`);
  await expect(page.getByRole("heading", { level: 1, name: "Emails" })).toBeVisible();
  await expect(page.getByRole("main")).not.toContainText("license key was revoked");

  const answer = await verify(request, key.key, site);
  expect(answer.code).toBe("REVOKED");
  expect(answer.valid).toBe(false);

  const customerContext = await browser.newContext();
  const customerPage = await customerContext.newPage();
  await signIn(customerPage, customer.account);
  await customerPage.goto("/account/licenses");
  const card = customerPage.getByRole("article", { name: "Pro Forms Plugin" });
  await expect(card.getByText("Revoked", { exact: true }).first()).toBeVisible();
  await expect(card.getByText(`Reason: ${reason}`)).toBeVisible();
  await customerContext.close();
});

test("a customer cannot open Admin or run its actions: refused, and the key is unchanged", async ({ page, browser, request }) => {
  const customer = await seedCustomer("intruder", { keys: [{ product: "starter-seo-plugin" }] });
  const key = onlyKey(customer);

  // The admin's browser sends the real requests (action ids, fields); they are captured and
  // aborted, then sent again from the customer's session.
  const admin = await adminPage(browser);
  await openKeyAsAdmin(admin, key);
  const path = `/admin/licenses/${key.id}`;
  const revokeRequest = await captureServerAction(admin, async () => {
    await admin.getByRole("button", { name: "Revoke key" }).click();
    const dialog = admin.getByRole("dialog", { name: "Revoke this key permanently?" });
    await dialog.getByLabel(/Reason/).fill("Sent from a customer's session");
    await dialog.getByRole("button", { name: "Revoke permanently" }).click();
  });
  await admin.goto(path);
  const limitRequest = await captureServerAction(admin, async () => {
    await admin.getByLabel("Max Activations").fill("0");
    await admin.getByRole("button", { name: "Save limit" }).click();
  });

  await signIn(page, customer.account);
  const response = await page.goto(path);
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: "Access denied" })).toBeVisible();
  await screenshotBothWidths(page, "admin-license-forbidden");

  for (const captured of [revokeRequest, limitRequest]) {
    const refused = await replayServerAction(page, captured);
    expect(refused.status()).toBe(403);
  }

  // Nothing changed: still active, still one site, no revocation in the history.
  const answer = await verify(request, key.key, uniqueDomain("still-mine"));
  expect(answer.code).toBe("VALID");
  expect(answer.activations?.max).toBe(1);
  await admin.goto(path);
  await expect(admin.getByRole("note", { name: "Revocation" })).toHaveCount(0);
  await expect(admin.getByLabel("Max Activations")).toHaveValue("1");

  // The same request from the admin's session works: only the role made the difference.
  expect((await replayServerAction(admin, limitRequest)).status()).toBe(200);
  expect((await verify(request, key.key, uniqueDomain("unlimited"))).activations?.max).toBe(0);
  await admin.context().close();
});

test("Max Activations: raising frees room, lowering keeps existing sites and blocks new ones, 0 is unlimited", async ({ page, request }) => {
  const customer = await seedCustomer("limit", { keys: [{ product: "starter-seo-plugin" }] });
  const key = onlyKey(customer);
  const [siteA, siteB, siteC] = [uniqueDomain("a"), uniqueDomain("b"), uniqueDomain("c")];
  expect((await verify(request, key.key, siteA)).code).toBe("VALID");
  expect((await verify(request, key.key, siteB)).code).toBe("MAX_ACTIVATIONS_EXCEEDED");

  await signIn(page, demoAdmin);
  await openKeyAsAdmin(page, key);
  const limit = page.getByLabel("Max Activations");
  const save = page.getByRole("button", { name: "Save limit" });

  await limit.fill("-1");
  await save.click();
  await expect(page.getByText("Use 0 for unlimited, or a positive number")).toBeVisible();
  await expect(limit).toHaveAttribute("aria-invalid", "true");

  await limit.fill("2");
  await save.click();
  await expect(page.getByText("Max Activations changed from 1 to 2.")).toBeVisible();
  expect((await verify(request, key.key, siteB)).code).toBe("VALID");

  // Below the used count (2): both sites keep working, a third is refused.
  await limit.fill("1");
  await save.click();
  await expect(page.getByText("Max Activations changed from 2 to 1.")).toBeVisible();
  await expect(page.getByText(/above the limit: new sites are blocked/)).toBeVisible();
  expect((await verify(request, key.key, siteA)).code).toBe("VALID");
  expect((await verify(request, key.key, siteB)).code).toBe("VALID");
  expect((await verify(request, key.key, siteC)).code).toBe("MAX_ACTIVATIONS_EXCEEDED");

  // The admin frees a slot from the activation history... still 1 used of 1, so C stays out.
  const history = page.getByRole("region", { name: "Activation history" });
  await history.getByRole("button", { name: `Deactivate ${siteA}` }).click();
  await page.getByRole("dialog", { name: `Deactivate ${siteA}?` }).getByRole("button", { name: "Deactivate" }).click();
  await expect(history.getByRole("row").filter({ hasText: siteA }).getByRole("button")).toHaveCount(0);
  expect((await verify(request, key.key, siteC)).code).toBe("MAX_ACTIVATIONS_EXCEEDED");

  await limit.fill("0");
  await save.click();
  await expect(page.getByText("Max Activations changed from 1 to Unlimited.")).toBeVisible();
  const unlimited = await verify(request, key.key, siteC);
  expect(unlimited.code).toBe("VALID");
  expect(unlimited.activations?.max).toBe(0);
  await expect(page.getByRole("listitem").filter({ hasText: "Max Activations changed" }).first()).toBeVisible();
});

test("a replacement key goes to the same customer with the same limits; the old key is revoked", async ({ page, request }) => {
  const customer = await seedCustomer("replace", { keys: [{ product: "pro-forms-plugin" }] });
  const old = onlyKey(customer);
  expect((await verify(request, old.key, uniqueDomain("replace"))).code).toBe("VALID");

  await signIn(page, demoAdmin);
  await openKeyAsAdmin(page, old);
  const oldExpiry = await page.locator("dt", { hasText: "Expiry" }).locator("+ dd").textContent();
  await page.getByRole("button", { name: "Issue replacement key" }).click();
  const dialog = page.getByRole("dialog", { name: "Issue a replacement key?" });
  await expect(dialog).toContainText(customer.account.email);
  await dialog.getByRole("button", { name: "Issue replacement" }).click();

  await expect(page).toHaveURL(/\/admin\/licenses\/[^/?]+\?replaced=/);
  expect(page.url()).not.toContain(`/admin/licenses/${old.id}?`);
  await expect(page.getByText("Replacement key issued to the same customer.")).toBeVisible();
  await expect(page.getByText(`This key replaces ${old.key}.`)).toBeVisible();
  await expect(page.getByRole("link", { name: customer.account.email })).toBeVisible();
  await expect(page.locator("dt", { hasText: "Max Activations" }).locator("+ dd")).toHaveText("5");
  await expect(page.locator("dt", { hasText: "Expiry" }).locator("+ dd")).toHaveText(oldExpiry ?? "");
  const newKey = (await page.locator("code").first().textContent())?.trim() ?? "";
  expect(newKey).toMatch(/^CP(-[0-9A-Z]{5}){5}$/);
  expect(newKey).not.toBe(old.key);
  await screenshotBothWidths(page, "admin-license-replacement");

  await page.getByRole("link", { name: old.key }).click();
  const note = page.getByRole("note", { name: "Revocation" });
  await expect(note).toContainText(`Reason: Replaced by CP-*****-*****-*****-*****-${newKey.slice(-5)}`);
  await expect(note.getByRole("link", { name: newKey })).toBeVisible();

  expect((await verify(request, old.key, uniqueDomain("after"))).code).toBe("REVOKED");
  expect((await verify(request, newKey, uniqueDomain("after"))).code).toBe("VALID");
});

test("products: create with clear field errors (taken slug included), then edit", async ({ page }) => {
  await signIn(page, demoAdmin);
  await page.goto("/admin/products");
  await expect(page.getByRole("heading", { level: 1, name: "Products" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Products" }).getByRole("link", { name: "Starter SEO Plugin", exact: true })).toBeVisible();
  await screenshotBothWidths(page, "admin-products");

  await page.getByRole("link", { name: "New product" }).click();
  await expect(page).toHaveURL("/admin/products/new");
  await page.getByRole("button", { name: "Create product" }).click();
  await expect(page.getByText("Enter a name")).toBeVisible();
  await expect(page.getByText("Enter a price like 49 or 49.00")).toBeVisible();
  await expect(page.getByLabel("Name")).toHaveAttribute("aria-invalid", "true");

  const unique = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  await page.getByLabel("Name").fill(`E2E Product ${unique}`);
  await page.getByLabel("Slug").fill("starter-seo-plugin");
  await page.getByLabel("Description").fill("Made by the admin journey.");
  await page.getByLabel("Price").fill("19.5");
  await page.getByLabel("Currency").selectOption("eur");
  await page.getByLabel("Default Max Activations").fill("3");
  await page.getByLabel("Validity (days)").fill("30");
  // Kept hidden from the store, so the catalogue other journeys check stays the demo one.
  await page.getByLabel("Active").uncheck();
  await page.getByRole("button", { name: "Create product" }).click();
  await expect(page.getByText("Another product already uses this slug")).toBeVisible();
  await expect(page.getByLabel("Slug")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByLabel("Name")).toHaveValue(`E2E Product ${unique}`);
  await screenshotBothWidths(page, "admin-product-new-errors");

  await page.getByLabel("Slug").fill(`e2e-product-${unique}`);
  await page.getByRole("button", { name: "Create product" }).click();
  await expect(page).toHaveURL(/\/admin\/products\?created=/);
  await expect(page.getByText(`Created E2E Product ${unique}.`)).toBeVisible();
  const row = page.getByRole("region", { name: "Products" }).getByRole("row").filter({ hasText: `E2E Product ${unique}` });
  await expect(row).toContainText("€19.50");
  await expect(row).toContainText("30 days");
  await expect(row).toContainText("Hidden");

  await row.getByRole("link", { name: `E2E Product ${unique}`, exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Edit E2E Product ${unique}` })).toBeVisible();
  await expect(page.getByLabel("Price")).toHaveValue("19.50");
  await page.getByLabel("Price").fill("25");
  await page.getByLabel("Validity (days)").fill("");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText(`Saved E2E Product ${unique}.`)).toBeVisible();
  await screenshotBothWidths(page, "admin-product-edit");
  await page.goto("/admin/products");
  const saved = page.getByRole("region", { name: "Products" }).getByRole("row").filter({ hasText: `E2E Product ${unique}` });
  await expect(saved).toContainText("€25.00");
  await expect(saved).toContainText("Lifetime");
});

test("settings: local and staging hosts take no slot is off by default and can be switched", async ({ page }) => {
  await signIn(page, demoAdmin);
  await page.goto("/admin/settings");
  const toggle = page.getByLabel("Local and staging hosts take no slot");
  await expect(toggle).not.toBeChecked();
  await screenshotBothWidths(page, "admin-settings");

  await toggle.check();
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByText("Saved. Local and staging hosts now take no slot.")).toBeVisible();
  await page.reload();
  await expect(toggle).toBeChecked();

  // Back off, so journeys running alongside see the default.
  await toggle.uncheck();
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByText("Saved. Every host, local or not, now takes a slot.")).toBeVisible();
  await page.reload();
  await expect(toggle).not.toBeChecked();
});
