// The public catalog a fresh `npm start` serves: the four demo products, on desktop and on a phone.
import { expect, test } from "@playwright/test";
import { expectSignedOut, screenshot } from "./helpers";

const DEMO_PRODUCTS = ["Starter SEO Plugin", "Pro Forms Plugin", "Agency Theme Bundle", "Invoice Desktop App"];

for (const width of [1280, 375]) {
  test(`the home page lists the four demo products at ${width} px`, async ({ page }) => {
    await page.setViewportSize({ width, height: 800 });
    const response = await page.goto("/");
    expect(response?.status()).toBe(200);

    await expect(page.getByRole("heading", { level: 1, name: "Plugins, themes and apps" })).toBeVisible();
    const products = page.getByRole("list", { name: "Products" }).getByRole("listitem");
    await expect(products).toHaveCount(DEMO_PRODUCTS.length);
    for (const name of DEMO_PRODUCTS) {
      await expect(page.getByRole("heading", { level: 2, name })).toBeVisible();
    }
    await expectSignedOut(page);
    // Nothing may stick out sideways on a phone.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, `home-${width}`);
  });
}
