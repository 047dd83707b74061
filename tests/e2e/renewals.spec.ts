// Renewals and upgrades as a new user tries them after `npm start` (demo payments): the demo
// customer renews the expired Starter key from Account → Licenses and Verify answers VALID for the
// same key with the new expiry; a new customer upgrades a 1-site Starter key to the 5-site Pro Forms
// plugin and the same key verifies on a second site. Receipts arrive in the test SMTP mailbox.
//
// Journey (a) changes the demo customer's expired key, which account-licenses.spec.ts shows as
// Expired: that spec's journey is the first of the run and this file's come late, so they do not meet.
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { demoAdmin, demoCustomer, newAccount, screenshot, signIn, signUp } from "./helpers";
import { screenshotBothWidths, uniqueDomain } from "./license-helpers";
import { waitForMail } from "./support/smtp-mailbox";

const DAY_MS = 24 * 60 * 60 * 1000;

type VerifyBody = {
  valid: boolean;
  code: string;
  license: { key: string; status: string; product: { slug: string; name: string }; expires_at: string | null } | null;
  activations: { used: number; max: number } | null;
};

async function verify(request: APIRequestContext, key: string, domain: string): Promise<VerifyBody> {
  const response = await request.post("/api/v1/licenses/verify", { data: { key, domain } });
  expect(response.status()).toBe(200);
  return (await response.json()) as VerifyBody;
}

const main = (page: Page) => page.getByRole("main");

const licenseCards = (page: Page, product: string) => page.getByRole("list", { name: "License keys" }).getByRole("article", { name: product });

/** "Nov 30, 2027", as the pages write dates (UTC). */
const formatDate = (date: Date) => new Intl.DateTimeFormat("en-US", { year: "numeric", month: "short", day: "numeric", timeZone: "UTC" }).format(date);

/** Pay on the demo checkout, then open the changed key from the success page. */
async function payAndOpenKey(page: Page, line: RegExp, price: string) {
  await expect(page.getByRole("heading", { level: 1, name: "Demo checkout" })).toBeVisible();
  await expect(main(page).getByRole("list", { name: "Order items" })).toContainText(line);
  await main(page).getByRole("button", { name: `Pay ${price} (demo)` }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Thank you! Your order is paid" })).toBeVisible();
  const changes = main(page).getByRole("list", { name: "Renewals and upgrades" });
  await expect(changes).toContainText(line);
  await screenshot(page, `renewals-success-${price.replace(/\W/g, "")}`);
  await changes.getByRole("link", { name: "Open the key →" }).click();
}

test("the demo customer renews the expired Starter key: the same key, valid a year from today, VALID in Verify", async ({ page, request }) => {
  test.setTimeout(150_000);
  await signIn(page, demoCustomer);
  await page.goto("/account/licenses");

  // The expired key stands out with Renew as its action; the active Starter key says when renewal opens.
  const expired = licenseCards(page, "Starter SEO Plugin").filter({ hasText: "This key has expired" });
  await expect(expired).toHaveCount(1);
  await expect(expired.getByText("Expired", { exact: true }).first()).toBeVisible();
  const key = (await expired.locator("code").textContent())?.trim() ?? "";
  expect(key).toMatch(/^CP(-[0-9A-Z]{5}){5}$/);
  expect((await verify(request, key, uniqueDomain("before-renewal"))).code).toBe("EXPIRED");
  await expect(licenseCards(page, "Starter SEO Plugin").filter({ hasText: "Renewal opens on" })).toHaveCount(1);
  await expect(licenseCards(page, "Starter SEO Plugin").getByRole("button", { name: /^Upgrade to Pro Forms Plugin \(5 sites\) for \$50\.00/ })).toHaveCount(1);
  await screenshotBothWidths(page, "renewals-licenses");

  const before = Date.now();
  await expired.getByRole("button", { name: /^Renew for \$49\.00/ }).click();
  await payAndOpenKey(page, new RegExp(`Renewal of key CP-\\*{5}-\\*{5}-\\*{5}-\\*{5}-${key.slice(-5)} \\(Starter SEO Plugin\\)`), "$49.00");

  // The key's page: the same key, Active, expiring a year from today (a lapsed key restarts from now).
  await expect(page.getByRole("heading", { level: 1, name: "Starter SEO Plugin" })).toBeVisible();
  await expect(main(page).getByText(key, { exact: true })).toBeVisible();
  await expect(main(page).getByText("Active", { exact: true }).first()).toBeVisible();
  const after = Date.now();
  const expected = [formatDate(new Date(before + 365 * DAY_MS)), formatDate(new Date(after + 365 * DAY_MS))];
  const shown = new RegExp(`^(${[...new Set(expected)].join("|")})$`);
  await expect(main(page).getByText(shown).first()).toBeVisible();
  await screenshotBothWidths(page, "renewals-key-renewed");

  // Verify from a new site: VALID, with the new expiry.
  const answer = await verify(request, key, uniqueDomain("after-renewal"));
  expect(answer).toMatchObject({ valid: true, code: "VALID", license: { status: "active", product: { slug: "starter-seo-plugin" } } });
  const expiresAt = Date.parse(answer.license?.expires_at ?? "");
  expect(expiresAt).toBeGreaterThanOrEqual(before + 365 * DAY_MS - 1000);
  expect(expiresAt).toBeLessThanOrEqual(after + 365 * DAY_MS + 1000);
  await expect(main(page).getByText(formatDate(new Date(expiresAt)), { exact: true })).toBeVisible();

  // The receipt says what happened, with the same date.
  const receipt = await waitForMail(demoCustomer.email, /license renewed/);
  expect(receipt.text).toContain(`renewed until ${formatDate(new Date(expiresAt))}`);

  // Account → Orders says what the line was.
  await page.goto("/account/orders");
  await expect(main(page).getByRole("list", { name: "Orders" }).getByRole("article").first()).toContainText(
    `Renewal of key CP-*****-*****-*****-*****-${key.slice(-5)} (Starter SEO Plugin)`,
  );
});

test("a new customer upgrades a 1-site Starter key to the 5-site Pro Forms plugin: the same key, a second site VALID", async ({ page, request }) => {
  test.setTimeout(150_000);
  const customer = newAccount("upgrade");
  await signUp(page, customer);

  // Buy Starter (one site, a year) with demo payments.
  await page.goto("/products/starter-seo-plugin");
  const buy = page.getByRole("complementary", { name: "Buy" });
  await expect(main(page)).toContainText("1 year");
  await buy.getByRole("button", { name: "Buy now" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Demo checkout" })).toBeVisible();
  await main(page).getByRole("button", { name: "Pay $49.00 (demo)" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Thank you! Your order is paid" })).toBeVisible();
  const key = (await main(page).getByRole("list", { name: "License keys" }).locator("code").textContent())?.trim() ?? "";
  expect(key).toMatch(/^CP(-[0-9A-Z]{5}){5}$/);

  // Its one site takes the only slot; a second site is refused.
  const first = uniqueDomain("first-site");
  const second = uniqueDomain("second-site");
  expect(await verify(request, key, first)).toMatchObject({ code: "VALID", activations: { used: 1, max: 1 } });
  expect((await verify(request, key, second)).code).toBe("MAX_ACTIVATIONS_EXCEEDED");

  // Account → Licenses: renewal is not open yet; the upgrade is offered at the difference.
  await page.goto("/account/licenses");
  const card = licenseCards(page, "Starter SEO Plugin");
  await expect(card).toHaveCount(1);
  await expect(card).toContainText(`Renewal opens on ${formatDate(new Date(Date.now() + 305 * DAY_MS))}`);
  await expect(card.getByRole("button", { name: /^Renew for/ })).toHaveCount(0);
  const upgrade = card.getByRole("button", { name: /^Upgrade to Pro Forms Plugin \(5 sites\) for \$50\.00/ });
  await expect(upgrade).toBeVisible();
  await screenshotBothWidths(page, "renewals-upgrade-offer");

  await upgrade.click();
  await payAndOpenKey(page, new RegExp(`Upgrade of key CP-\\*{5}-\\*{5}-\\*{5}-\\*{5}-${key.slice(-5)}: Starter SEO Plugin → Pro Forms Plugin`), "$50.00");

  // The same key, now Pro Forms with five sites; its first site stays.
  await expect(page.getByRole("heading", { level: 1, name: "Pro Forms Plugin" })).toBeVisible();
  await expect(main(page).getByText(key, { exact: true })).toBeVisible();
  await expect(main(page).getByText("1 of 5", { exact: true })).toBeVisible();
  await expect(main(page).getByRole("list", { name: "Activations" })).toContainText(first);
  await screenshot(page, "renewals-key-upgraded");

  const answer = await verify(request, key, second);
  expect(answer).toMatchObject({ valid: true, code: "VALID", license: { product: { slug: "pro-forms-plugin" } }, activations: { used: 2, max: 5 } });

  const receipt = await waitForMail(customer.email, /license upgraded/);
  expect(receipt.text).toContain("upgraded to Pro Forms Plugin");

  // The list now offers nothing more to this key (no path from Pro Forms) and shows it as Pro Forms.
  await page.goto("/account/licenses");
  await expect(licenseCards(page, "Pro Forms Plugin")).toContainText(key);
  await expect(licenseCards(page, "Pro Forms Plugin").getByRole("button", { name: /^Upgrade/ })).toHaveCount(0);
});

test("the admin sees Starter's upgrade path and its price; a duplicate path, a bad price and a yearly product without 365 days are refused", async ({ page }) => {
  test.setTimeout(150_000);
  await signIn(page, demoAdmin);
  await page.goto("/admin/products");
  await page.getByRole("region", { name: "Products" }).getByRole("link", { name: "Starter SEO Plugin", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Edit Starter SEO Plugin" })).toBeVisible();
  await expect(page.getByLabel("Validity (days)")).toHaveValue("365");
  await expect(page.getByLabel("Renewal discount (%)")).toHaveValue("");

  // The path the demo seeds, priced at the difference.
  const paths = page.getByRole("list", { name: "Upgrade paths" });
  await expect(paths.getByRole("listitem")).toHaveCount(1);
  await expect(paths).toContainText("To Pro Forms Plugin (5 sites)");
  await expect(paths).toContainText("Price: the difference, now $50.00");

  // Refused with the reason on the field; nothing is added.
  const add = page.getByRole("form", { name: "Add an upgrade path" });
  await add.getByLabel("Upgrade to").selectOption({ label: "Pro Forms Plugin" });
  await add.getByRole("button", { name: "Add upgrade path" }).click();
  await expect(add.getByText("There is already an upgrade path to Pro Forms Plugin: remove it first to change its price")).toBeVisible();
  await add.getByLabel(/^Fixed amount/).fill("abc");
  await add.getByRole("button", { name: "Add upgrade path" }).click();
  await expect(add.getByText("Enter a price like 20 or 20.00, or leave it empty for the difference")).toBeVisible();
  // The refused form comes back as it was sent: the chosen product is still chosen.
  await expect(add.getByText("Choose the product to upgrade to")).toHaveCount(0);
  await expect(add.getByLabel(/^Fixed amount/)).toHaveValue("abc");
  await expect(paths.getByRole("listitem")).toHaveCount(1);
  await screenshotBothWidths(page, "renewals-admin-upgrade-paths");

  // Yearly billing needs a 365-day validity: refused on the field, and the product is unchanged.
  await page.getByLabel("Validity (days)").fill("30");
  await page.getByLabel("Billing").selectOption("yearly");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("A yearly subscription renews its keys every year: set Validity to 365 days, or choose one-time")).toBeVisible();
  await expect(page.getByLabel("Billing")).toHaveAttribute("aria-invalid", "true");
  await page.reload();
  await expect(page.getByLabel("Validity (days)")).toHaveValue("365");
  await expect(page.getByLabel("Billing")).toHaveValue("one_time");
});
