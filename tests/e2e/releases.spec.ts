// Releases in a real browser: the admin creates a plugin product (kind, package folder, an icon,
// a refused image), uploads a zip that WordPress would not install (its form error) and then a good
// one, and publishes it; the customer downloads it from Account → Downloads and the bytes match the
// SHA-256 shown; an expired key sees why the new release is not covered; the update check offers
// the version with a download_url that serves the same bytes; the admin sees both downloads on the key.
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { buildDemoPackage } from "../../lib/releases/demo-package";
import { demoAdmin, signIn, type Account } from "./helpers";
import { screenshotBothWidths, seedCustomer, uniqueDomain } from "./license-helpers";

const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

/** A real 1×1 PNG, and a GIF (refused: only PNG, JPEG and WebP). */
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64");
const GIF = Buffer.from("R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==", "base64");

async function signedIn(browser: Browser, account: Account): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, account);
  return page;
}

/** Admin → Products → New: a hidden plugin product with its own package folder and, unless told otherwise, an icon. */
async function createPluginProduct(page: Page, name: string, slug: string, packageFolder: string, { icon = true } = {}) {
  await page.goto("/admin/products/new");
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Slug").fill(slug);
  await page.getByLabel("Kind").selectOption("plugin");
  await page.getByLabel("Package folder").fill(packageFolder);
  await page.getByLabel("Description").fill("Adds **forms** to any page.");
  await page.getByLabel("Installation").fill("1. Upload the zip in Plugins → Add New.");
  await page.getByLabel("Homepage").fill("https://example.com/forms");
  await page.getByLabel("Author").fill("E2E Vendor");
  await page.getByLabel("Price").fill("29");
  await page.getByLabel("Default Max Activations").fill("3");
  // Kept out of the store, so the catalogue other journeys check stays the demo one.
  await page.getByLabel("Active").uncheck();
  if (!icon) {
    await page.getByRole("button", { name: "Create product" }).click();
    await expect(page.getByText(`Created ${name}.`)).toBeVisible();
    return;
  }

  // The browser says image/png; the bytes say GIF: refused on the icon's own field.
  await page.getByLabel("Icon", { exact: true }).setInputFiles({ name: "icon.png", mimeType: "image/png", buffer: GIF });
  await page.getByRole("button", { name: "Create product" }).click();
  await expect(page.getByText("The icon must be a PNG, JPEG or WebP image; this file is neither")).toBeVisible();
  await expect(page.getByLabel("Icon", { exact: true })).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByLabel("Package folder")).toHaveValue(packageFolder);

  await page.getByLabel("Icon", { exact: true }).setInputFiles({ name: "icon.png", mimeType: "image/png", buffer: PNG });
  await page.getByRole("button", { name: "Create product" }).click();
  await expect(page.getByText(`Created ${name}.`)).toBeVisible();
}

test("the admin publishes a release; the customer downloads the same bytes, from Account → Downloads and the update check", async ({ browser, request }) => {
  test.setTimeout(180_000);
  const unique = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const name = `E2E Forms ${unique}`;
  const slug = `e2e-forms-${unique}`;
  const folder = `e2e-forms-plugin-${unique}`;
  const admin = await signedIn(browser, demoAdmin);
  await createPluginProduct(admin, name, slug, folder);

  // The product's page shows the stored icon and leads to its releases.
  const row = admin.getByRole("region", { name: "Products" }).getByRole("row").filter({ hasText: name });
  await expect(row).toContainText("WordPress plugin");
  await row.getByRole("link", { name, exact: true }).click();
  const icon = admin.getByRole("img", { name: "Current icon" });
  await expect(icon).toBeVisible();
  const iconResponse = await admin.request.get((await icon.getAttribute("src")) ?? "");
  expect(iconResponse.headers()["content-type"]).toBe("image/png");
  await admin.getByRole("link", { name: `Releases of ${name}` }).click();
  await expect(admin.getByRole("heading", { level: 1, name: `Releases of ${name}` })).toBeVisible();

  // A zip whose folder is not the package folder: WordPress would install it beside the real one.
  const wrongFolder = await buildDemoPackage({ kind: "plugin", packageSlug: "some-other-folder", name, version: "1.0.0" });
  await admin.getByLabel("File", { exact: true }).setInputFiles({ name: "wrong.zip", mimeType: "application/zip", buffer: wrongFolder });
  await admin.getByRole("button", { name: "Publish", exact: true }).click();
  await expect(admin.getByText(`The zip's folder is "some-other-folder" but must be "${folder}"`)).toBeVisible();
  await expect(admin.getByLabel("File", { exact: true })).toHaveAttribute("aria-invalid", "true");
  await screenshotBothWidths(admin, "admin-releases-error");

  // The real package, published with its changelog.
  const zip = await buildDemoPackage({ kind: "plugin", packageSlug: folder, name, version: "1.0.0" });
  const zipSha = sha256(zip);
  await admin.getByLabel("File", { exact: true }).setInputFiles({ name: `${folder}.zip`, mimeType: "application/zip", buffer: zip });
  await admin.getByLabel("Changelog").fill("* First public release");
  await admin.getByRole("button", { name: "Publish", exact: true }).click();
  await expect(admin.getByText("Published 1.0.0.")).toBeVisible();
  const release = admin.getByRole("region", { name: "Releases", exact: true }).getByRole("row").filter({ hasText: "1.0.0" });
  await expect(release).toContainText("Published");
  await expect(release).toContainText(zipSha.slice(0, 12));
  await expect(release.locator(`code[title="${zipSha}"]`)).toBeVisible();
  await screenshotBothWidths(admin, "admin-releases");

  // A customer with a key for it, and one whose key expired yesterday (before this release).
  const customer = await seedCustomer("downloads", { keys: [{ product: slug }, { product: slug, expired: true }] });
  const [active, expired] = customer.keys;
  if (!active || !expired) throw new Error("no keys seeded");
  const page = await signedIn(browser, customer.account);
  await page.goto("/account");
  await page.getByRole("navigation", { name: "Account sections" }).getByRole("link", { name: "Downloads" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Downloads" })).toBeVisible();

  const activeCard = page.getByRole("article").filter({ hasText: active.key });
  const shownSha = await activeCard.getByText(/^[0-9a-f]{64}$/).textContent();
  expect(shownSha).toBe(zipSha);
  const expiredCard = page.getByRole("article").filter({ hasText: expired.key });
  await expect(expiredCard.getByText(/^Published after your license expired on .+; renew to get it$/)).toBeVisible();
  await expect(expiredCard.getByRole("link", { name: /^Download/ })).toHaveCount(0);
  await screenshotBothWidths(page, "account-downloads");

  const downloading = page.waitForEvent("download");
  await activeCard.getByRole("link", { name: `Download 1.0.0 of ${name}` }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/\.zip$/);
  expect(sha256(await readFile(await download.path()))).toBe(shownSha);

  // The license card and the key's own page offer the same download.
  await page.goto("/account/licenses");
  await expect(page.getByRole("article").filter({ hasText: active.key }).getByRole("link", { name: `Download 1.0.0 of ${name}` })).toBeVisible();
  await page.goto(`/account/licenses/${active.id}`);
  await expect(page.getByRole("main").getByRole("link", { name: `Download 1.0.0 of ${name}` })).toBeVisible();

  // WordPress's update check with the key: this version, a link to the same bytes, and the icon.
  const site = uniqueDomain("wp");
  const check = await request.get(`/api/v1/updates/${slug}?license_key=${encodeURIComponent(active.key)}&domain=${site}`);
  expect(check.status()).toBe(200);
  const info = (await check.json()) as { version: string; slug: string; download_url?: string; icons?: Record<string, string>; license: { code: string } };
  expect(info).toMatchObject({ version: "1.0.0", slug: folder, license: { code: "VALID" } });
  const file = await request.get(info.download_url ?? "missing download_url");
  expect(file.status()).toBe(200);
  expect(sha256(await file.body())).toBe(zipSha);
  expect((await request.get(info.icons?.["1x"] ?? "missing icon")).headers()["content-type"]).toBe("image/png");

  // The admin sees both downloads on the key's page, newest first.
  await admin.goto(`/admin/licenses/${active.id}`);
  const downloads = admin.getByRole("region", { name: "Downloads of this key" }).locator("tbody tr");
  await expect(downloads).toHaveCount(2);
  await expect(downloads.first()).toContainText(site);
  await expect(downloads.last()).toContainText("Account → Downloads");
  await screenshotBothWidths(admin, "admin-license-downloads");
});

test("a draft's channel and notes are edited, then it is published and yanked; another draft is deleted", async ({ browser }) => {
  test.setTimeout(150_000);
  const unique = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const name = `E2E Lifecycle ${unique}`;
  const folder = `e2e-lifecycle-${unique}`;
  const admin = await signedIn(browser, demoAdmin);
  await createPluginProduct(admin, name, folder, folder, { icon: false });
  await admin.getByRole("region", { name: "Products" }).getByRole("link", { name: `Releases of ${name}` }).click();

  async function uploadDraft(version: string, channel: "Stable" | "Beta") {
    const zip = await buildDemoPackage({ kind: "plugin", packageSlug: folder, name, version });
    await admin.getByLabel("File", { exact: true }).setInputFiles({ name: `${folder}.zip`, mimeType: "application/zip", buffer: zip });
    await admin.getByLabel("Channel").selectOption({ label: channel });
    await admin.getByRole("button", { name: "Save as draft" }).click();
    await expect(admin.getByText(`Saved ${version} as a draft.`)).toBeVisible();
  }
  const rowOf = (version: string) => admin.getByRole("region", { name: "Releases", exact: true }).getByRole("row").filter({ hasText: `${folder}.zip` }).filter({ hasText: version });

  await uploadDraft("2.0.0", "Beta");
  const row = rowOf("2.0.0");
  await expect(row).toContainText("Draft");
  await expect(row).toContainText("Beta");

  await row.getByRole("button", { name: "Edit version 2.0.0" }).click();
  const edit = admin.getByRole("dialog", { name: "Edit 2.0.0" });
  await edit.getByLabel("Channel").selectOption("stable");
  await edit.getByLabel("Changelog").fill("* Faster forms");
  await edit.getByRole("button", { name: "Save" }).click();
  await expect(edit).toBeHidden();
  await expect(row).toContainText("Stable");
  await row.locator("summary", { hasText: "Changelog" }).click();
  await expect(row.getByRole("listitem").filter({ hasText: "Faster forms" })).toBeVisible();

  await row.getByRole("button", { name: "Publish version 2.0.0" }).click();
  await admin.getByRole("dialog", { name: "Publish 2.0.0?" }).getByRole("button", { name: "Publish" }).click();
  await expect(row).toContainText("Published");
  await expect(row).toContainText("UTC");

  await row.getByRole("button", { name: "Yank version 2.0.0" }).click();
  const yank = admin.getByRole("dialog", { name: "Yank 2.0.0?" });
  await expect(yank).toContainText("This cannot be undone");
  await yank.getByRole("button", { name: "Yank permanently" }).click();
  await expect(row).toContainText("Yanked");
  await expect(row.getByRole("button")).toHaveCount(1); // only Copy: a yanked release is history

  await uploadDraft("2.1.0", "Stable");
  await rowOf("2.1.0").getByRole("button", { name: "Delete version 2.1.0" }).click();
  await admin.getByRole("dialog", { name: "Delete the draft 2.1.0?" }).getByRole("button", { name: "Delete draft" }).click();
  await expect(rowOf("2.1.0")).toHaveCount(0);
  await expect(rowOf("2.0.0")).toHaveCount(1);
});
