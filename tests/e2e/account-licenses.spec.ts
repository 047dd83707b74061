// Account → Licenses and Orders in a real browser: every key with its status and a working Copy
// button, a key's activations with Deactivate (freeing the slot Verify reported full), and the
// owner-only rule (another customer's key is a 404, their actions change nothing).
import { expect, test, type Page } from "@playwright/test";
import { demoCustomer, screenshot, signIn } from "./helpers";
import { captureServerAction, replayServerAction, screenshotBothWidths, seedCustomer, uniqueDomain, verify } from "./license-helpers";

const licenseCard = (page: Page, product: string, hasText?: string) =>
  page.getByRole("list", { name: "License keys" }).getByRole("article", { name: product }).filter(hasText ? { hasText } : {});

test.describe("the demo customer's keys", () => {
  test.use({ permissions: ["clipboard-read", "clipboard-write"] });

  test("show product, full key, expiry, status and activations, and copy with a confirmation", async ({ page }) => {
    await signIn(page, demoCustomer);
    await page.getByRole("navigation", { name: "Account sections" }).getByRole("link", { name: "Licenses" }).click();
    await expect(page).toHaveURL("/account/licenses");
    await expect(page.getByRole("heading", { level: 1, name: "Your licenses" })).toBeVisible();

    // Unlimited, lifetime and active.
    const agency = licenseCard(page, "Agency Theme Bundle");
    await expect(agency.getByText("Active", { exact: true })).toBeVisible();
    await expect(agency.getByText("Lifetime")).toBeVisible();
    await expect(agency.getByText(/^\d+ of Unlimited$/)).toBeVisible();
    // One year of validity shows its date; five sites. (The demo has a second Pro Forms key, due for
    // renewal in 20 days: the first one issued is the one that renews later.)
    const pro = licenseCard(page, "Pro Forms Plugin").last();
    await expect(pro.getByText(/^[A-Z][a-z]{2} \d{1,2}, \d{4}$/)).toBeVisible();
    await expect(pro.getByText(/^\d+ of 5$/)).toBeVisible();
    // Revoked with its date and reason; expired.
    const revoked = licenseCard(page, "Starter SEO Plugin", "Revoked");
    await expect(revoked.getByText("Reason: Demo: refunded order")).toBeVisible();
    const expired = licenseCard(page, "Starter SEO Plugin", "Expired");
    await expect(expired.getByText("Expired", { exact: true })).toHaveCount(2); // the badge, and "Expired <date>"
    await expect(expired.getByText(/^[A-Z][a-z]{2} \d{1,2}, \d{4}$/)).toBeVisible();

    // The full key is on the page and the Copy button puts exactly it on the clipboard.
    const key = (await agency.locator("code").textContent())?.trim() ?? "";
    expect(key).toMatch(/^CP(-[0-9A-Z]{5}){5}$/);
    // The name changes to "Copied …" for two seconds, so match both.
    const copy = agency.getByRole("button", { name: /^Cop(y|ied) license key for Agency Theme Bundle$/ });
    await copy.click();
    await expect(copy).toHaveText(/^Copied/);
    await expect(agency.getByRole("status")).toHaveText("Copied to the clipboard");
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(key);
    await screenshotBothWidths(page, "account-licenses");

    await agency.getByRole("link", { name: /Manage activations/ }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Agency Theme Bundle" })).toBeVisible();
    await expect(page.getByText(key, { exact: true })).toBeVisible();
  });
});

test("a customer at the limit frees a slot on the key's page, and a new site then verifies VALID", async ({ page, request }) => {
  const customer = await seedCustomer("deactivate", { keys: [{ product: "starter-seo-plugin" }] });
  const [license] = customer.keys;
  if (!license) throw new Error("no key seeded");
  const oldSite = uniqueDomain("old-site");
  const newSite = uniqueDomain("new-site");

  expect((await verify(request, license.key, oldSite)).code).toBe("VALID");
  const full = await verify(request, license.key, newSite);
  expect(full.code).toBe("MAX_ACTIVATIONS_EXCEEDED");
  // Verify points the installed product at this very page.
  const manageUrl = new URL(full.manage_url ?? "");
  expect(manageUrl.pathname).toBe(`/account/licenses/${license.id}`);

  await page.goto(manageUrl.pathname);
  await signIn(page, customer.account, { open: false });
  await expect(page).toHaveURL(manageUrl.pathname);
  await expect(page.getByText("All activations are in use.")).toBeVisible();
  await expect(page.getByText(/Deactivate a site you no longer use to free its slot/)).toBeVisible();
  const activations = page.getByRole("list", { name: "Activations" });
  const row = activations.getByRole("listitem").filter({ hasText: oldSite });
  await expect(row).toBeVisible();
  await expect(page.getByText("1 of 1", { exact: true })).toBeVisible();
  await screenshotBothWidths(page, "account-license");

  // Keyboard: Enter opens the confirmation, Escape closes it without changing anything.
  const deactivate = row.getByRole("button", { name: `Deactivate ${oldSite}` });
  await deactivate.focus();
  await page.keyboard.press("Enter");
  const dialog = page.getByRole("dialog", { name: `Deactivate ${oldSite}?` });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole("button", { name: "Cancel" })).toBeFocused();
  await screenshot(page, "account-license-deactivate-dialog");
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  expect((await verify(request, license.key, newSite)).code).toBe("MAX_ACTIVATIONS_EXCEEDED");

  await deactivate.click();
  await dialog.getByRole("button", { name: "Deactivate" }).click();
  await expect(dialog).toBeHidden();
  await expect(row.getByText(/^Deactivated /)).toBeVisible();
  await expect(page.getByText("0 of 1", { exact: true })).toBeVisible();

  // The slot is free: the new site activates.
  expect((await verify(request, license.key, newSite)).code).toBe("VALID");
  await page.reload();
  await expect(activations.getByRole("listitem").filter({ hasText: newSite })).toBeVisible();
});

test("another customer's key is a 404, and their Deactivate action changes nothing", async ({ page, browser, request }) => {
  const owner = await seedCustomer("owner", { keys: [{ product: "pro-forms-plugin" }] });
  const intruder = await seedCustomer("intruder");
  const [license] = owner.keys;
  if (!license) throw new Error("no key seeded");
  const site = uniqueDomain("owned");
  expect((await verify(request, license.key, site)).code).toBe("VALID");

  // The owner's browser sends the real Deactivate request (action id, key and activation ids);
  // it is captured and aborted, to be sent again from the intruder's session.
  const ownerContext = await browser.newContext();
  const ownerPage = await ownerContext.newPage();
  await signIn(ownerPage, owner.account);
  await ownerPage.goto(`/account/licenses/${license.id}`);
  const deactivateRequest = await captureServerAction(ownerPage, async () => {
    await ownerPage.getByRole("button", { name: `Deactivate ${site}` }).click();
    await ownerPage.getByRole("dialog").getByRole("button", { name: "Deactivate" }).click();
  });

  await signIn(page, intruder.account);
  const response = await page.goto(`/account/licenses/${license.id}`);
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  await expect(page.getByText(license.key)).toHaveCount(0);
  await screenshotBothWidths(page, "account-license-not-found");

  // The intruder sends the owner's request: refused as "not found on your key", nothing freed.
  const refused = await replayServerAction(page, deactivateRequest);
  expect(await refused.text()).toContain("That activation was not found on your key.");
  const again = await verify(request, license.key, site);
  expect(again.code).toBe("VALID");
  expect(again.activations?.used).toBe(1);
  // The very same request from the owner's session frees the slot.
  expect(await (await replayServerAction(ownerPage, deactivateRequest)).text()).toContain("was deactivated");
  expect((await verify(request, license.key, uniqueDomain("freed"))).activations?.used).toBe(1);
  await ownerContext.close();

  // Their own list is empty.
  await page.goto("/account/licenses");
  await expect(page.getByText("No license keys yet")).toBeVisible();
  await screenshotBothWidths(page, "account-licenses-empty");
});

test("orders list their status, amount and keys, each linking to the key's page", async ({ page }) => {
  const customer = await seedCustomer("orders", { order: { product: "pro-forms-plugin", quantity: 2 } });
  const order = customer.order;
  if (!order) throw new Error("no order seeded");

  await signIn(page, customer.account);
  await page.getByRole("navigation", { name: "Account sections" }).getByRole("link", { name: "Orders" }).click();
  await expect(page).toHaveURL("/account/orders");
  await expect(page.getByRole("heading", { level: 1, name: "Your orders" })).toBeVisible();
  const card = page.getByRole("list", { name: "Orders" }).getByRole("article");
  await expect(card).toHaveCount(1);
  await expect(card.getByText("Paid", { exact: true })).toBeVisible();
  await expect(card.getByText("$198.00")).toBeVisible();
  await expect(card.getByText("Pro Forms Plugin")).toBeVisible();
  const keys = card.getByRole("list", { name: "Keys for Pro Forms Plugin" }).getByRole("link");
  await expect(keys).toHaveCount(2);
  await screenshotBothWidths(page, "account-orders");

  const [first] = order.keys;
  await page.getByRole("link", { name: new RegExp(`${first?.key.slice(-5)}$`) }).click();
  await expect(page).toHaveURL(`/account/licenses/${first?.id}`);
  await expect(page.getByText(first?.key ?? "", { exact: true })).toBeVisible();
});
