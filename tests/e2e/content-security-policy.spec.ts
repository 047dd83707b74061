// The Content-Security-Policy in a real browser: every page the store has, visited as the people
// who use it, runs its scripts (Next.js's carry the response's nonce) and reports no violation.
import { expect, test, type Page } from "@playwright/test";
import { demoAdmin, demoCustomer, header, signIn } from "./helpers";

/** Collects the page's CSP violations, as the browser reports them to the document. */
async function watchViolations(page: Page): Promise<string[]> {
  const violations: string[] = [];
  await page.exposeFunction("reportCspViolation", (text: string) => violations.push(text));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      (window as unknown as { reportCspViolation(text: string): void }).reportCspViolation(`${event.violatedDirective} ${event.blockedURI}`);
    });
  });
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  return violations;
}

test("the storefront, sign-in and a customer's account run under the policy with no violation", async ({ page }) => {
  const violations = await watchViolations(page);
  for (const path of ["/", "/products/pro-forms-plugin", "/sign-up", "/docs/api"]) {
    const response = await page.goto(path);
    expect(response?.headers()["content-security-policy"], path).toContain("'nonce-");
  }
  await signIn(page, demoCustomer);
  for (const path of ["/account", "/account/licenses", "/account/downloads", "/account/orders", "/account/settings"]) await page.goto(path);
  // Client-side code runs: the header's sign-out is a React button.
  await expect(header(page).getByRole("button", { name: "Sign out" })).toBeEnabled();
  expect(violations).toEqual([]);
});

test("the admin dashboard runs under the policy with no violation", async ({ page }) => {
  const violations = await watchViolations(page);
  await signIn(page, demoAdmin);
  for (const path of ["/admin", "/admin/licenses", "/admin/orders", "/admin/products", "/admin/api-keys", "/admin/settings"]) {
    await page.goto(path);
    await expect(page.getByRole("main")).toBeVisible();
  }
  // A product's releases page: the upload form is a client component.
  await page.goto("/admin/products");
  await page.getByRole("link", { name: /^Releases of / }).first().click();
  await expect(page.getByRole("heading", { name: /Releases/ }).first()).toBeVisible();
  expect(violations).toEqual([]);
});

test("markup injected into a page cannot run script: an inline handler is blocked and reported", async ({ page }) => {
  const violations = await watchViolations(page);
  await page.goto("/");
  // What a stored XSS would add: the browser refuses the handler, because the policy has no 'unsafe-inline'.
  await page.evaluate(() => document.body.insertAdjacentHTML("beforeend", '<img src="/no-such-image.png" onerror="window.injected = true">'));
  await expect.poll(() => violations.length).toBeGreaterThan(0);
  expect(await page.evaluate(() => (window as unknown as { injected?: boolean }).injected)).toBeUndefined();
});
