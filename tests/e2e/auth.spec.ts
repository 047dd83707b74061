// Accounts in a real browser against the built app: sign up, sign out, sign in, wrong passwords,
// and who may open /admin (anonymous → sign in, customer → 403, admin → the dashboard).
import { expect, test } from "@playwright/test";
import {
  demoAdmin,
  demoCustomer,
  expectSignedIn,
  expectSignedOut,
  formError,
  header,
  newAccount,
  runAdminCreate,
  screenshot,
  signIn,
  SIGN_UP_NOT_SIGNED_IN,
  signOut,
  signUp,
  submitSignIn,
} from "./helpers";

test("a visitor signs up, signs out and signs back in with the same credentials", async ({ page }) => {
  const account = newAccount("signup");

  await page.goto("/sign-up");
  await expect(page.getByRole("heading", { name: "Create an account" })).toBeVisible();
  await screenshot(page, "sign-up");
  await page.getByLabel("Name").fill(account.name);
  await page.getByLabel("Email").fill(account.email);
  await page.getByLabel("Password").fill(account.password);
  await page.getByRole("button", { name: "Create account" }).click();

  // Signed in at once and taken to the account page.
  await expect(page).toHaveURL("/account");
  await expect(page.getByRole("heading", { name: "Your account" })).toBeVisible();
  await expectSignedIn(page, account);
  await expect(header(page).getByRole("link", { name: "Admin" })).toHaveCount(0);
  await screenshot(page, "account");

  await signOut(page);
  await expect(page).toHaveURL("/");
  // Really signed out: the account page sends the visitor to sign in again.
  await page.goto("/account");
  await expect(page).toHaveURL("/sign-in?callbackUrl=%2Faccount");
  await expectSignedOut(page);

  await signIn(page, account, { open: false });
  await expect(page).toHaveURL("/account");
  await expect(page.getByRole("heading", { name: "Your account" })).toBeVisible();
});

test("signing up with an email that has an account neither confirms nor denies it, and says to sign in", async ({ page }) => {
  await page.goto("/sign-up");
  await page.getByLabel("Name").fill("Someone Else");
  await page.getByLabel("Email").fill(demoCustomer.email);
  await page.getByLabel("Password").fill("another-password");
  await page.getByRole("button", { name: "Create account" }).click();

  // The same words whether or not the address has an account: what to do, not what exists.
  await expect(formError(page)).toContainText(SIGN_UP_NOT_SIGNED_IN);
  await expect(formError(page)).not.toContainText(/already exists|already registered|in use/i);
  await expect(formError(page).getByRole("link", { name: "sign in" })).toHaveAttribute("href", "/sign-in?callbackUrl=%2Faccount");
  await expect(page).toHaveURL("/sign-up");
  // The form keeps what was typed (not the password), so the visitor only changes the email.
  await expect(page.getByLabel("Name")).toHaveValue("Someone Else");
  await expect(page.getByLabel("Email")).toHaveValue(demoCustomer.email);
  await expect(page.getByLabel("Password")).toHaveValue("");
  await expectSignedOut(page);
  // And the visitor may try again.
  await expect(page.getByRole("button", { name: "Create account" })).toBeEnabled();
});

test("signing up again with an account's own email and password signs its owner in", async ({ page }) => {
  const account = newAccount("again");
  await signUp(page, account);
  await signOut(page);

  await signUp(page, { ...account, name: "Another Name" }, { expectAccount: false });
  await expect(page).toHaveURL("/account");
  await expectSignedIn(page, account);
  await expect(page.getByText(account.name, { exact: true })).toBeVisible(); // the account as it was
});

// Each once percent-encoded, as a link would carry it: newlines, CR LF, a tab, a repeated parameter.
const HOSTILE_CALLBACKS = [
  "callbackUrl=%0A",
  "callbackUrl=%2F%0A",
  "callbackUrl=%2Faccount%0D%0A",
  "callbackUrl=%0D",
  "callbackUrl=%2F%09%2Fevil.example",
  "callbackUrl=%2Fa&callbackUrl=%2F%2Fevil.example",
];

test("a hostile callbackUrl gives the page with the fallback path, signed out or in, never an error", async ({ page }) => {
  // About forty page loads: on a loaded two-core CI machine they can outlast the default 30 s.
  test.slow();
  for (const path of ["/sign-in", "/sign-up"]) {
    for (const query of HOSTILE_CALLBACKS) {
      const response = await page.goto(`${path}?${query}`);
      expect(response?.status(), `${path}?${query}`).toBe(200);
      const [name, href] = path === "/sign-in" ? ["Create an account", "/sign-up"] : ["Sign in", "/sign-in"];
      await expect(page.getByRole("main").getByRole("link", { name, exact: true })).toHaveAttribute("href", `${href}?callbackUrl=%2Faccount`);
    }
  }
  // Signed in, the pages redirect at once: to the fallback.
  await signIn(page, demoCustomer);
  for (const path of ["/sign-in", "/sign-up"]) {
    for (const query of HOSTILE_CALLBACKS) {
      const response = await page.goto(`${path}?${query}`);
      expect(response?.status(), `${path}?${query}`).toBe(200);
      await expect(page).toHaveURL("/account");
    }
  }
});

test("a callbackUrl that a browser would read as another site is not followed after sign-in", async ({ page }) => {
  // `/<TAB>/evil.example`: browsers drop the tab and read `//evil.example`, another host.
  await page.goto("/sign-in?callbackUrl=%2F%09%2Fevil.example");
  await signIn(page, demoCustomer, { open: false });
  await expect(page).toHaveURL("/account");

  // Already signed in: the page redirects at once, also to the fallback.
  await page.goto("/sign-in?callbackUrl=%2F..%2F%2Fevil.example");
  await expect(page).toHaveURL("/account");
});

test("an address registered by someone else and promoted by the operator ends that someone's session", async ({ page, browser, baseURL }) => {
  // The squatter signs up with the address the store owner will use, and stays signed in.
  const squatter = newAccount("squatter");
  await signUp(page, squatter);

  const run = await runAdminCreate(["--email", squatter.email], "the-owners-password");
  expect(run.code).toBe(1);
  expect(run.stderr).toContain("already has an account");
  const promoted = await runAdminCreate(["--email", squatter.email, "--promote"], "the-owners-password");
  expect(promoted.stdout).toContain("is now an admin");

  // The squatter's session did not become an admin session: it is over.
  const response = await page.goto("/admin");
  await expect(page).toHaveURL("/sign-in?callbackUrl=%2Fadmin");
  expect(response?.status()).toBe(200);
  await expectSignedOut(page);
  await submitSignIn(page, squatter, { open: false });
  await expect(formError(page)).toHaveText("Incorrect email or password");

  // The owner signs in with the password given to admin:create.
  const owner = await (await browser.newContext({ baseURL })).newPage();
  await signIn(owner, { email: squatter.email, password: "the-owners-password" });
  await owner.goto("/admin");
  await expect(owner.getByRole("heading", { name: "Admin", exact: true })).toBeVisible();
  await owner.context().close();
});

test("a successful sign-in leaves a device cookie that only the sign-in endpoint sees", async ({ page, context }) => {
  await signIn(page, demoCustomer);
  const device = (await context.cookies()).find((cookie) => cookie.name === "cp_device");
  expect(device).toMatchObject({ httpOnly: true, sameSite: "Lax", path: "/api/auth/callback" });
  expect(device?.value).not.toContain("customer");
});

test("next-auth's endpoints refuse a body over 16 KiB with 413", async ({ request }) => {
  const response = await request.post("/api/auth/callback/credentials", {
    form: { email: demoCustomer.email, password: "x".repeat(20 * 1024), csrfToken: "irrelevant" },
  });
  expect(response.status()).toBe(413);
  expect(await response.json()).toEqual({ error: { code: "BODY_TOO_LARGE", message: "The request body must be at most 16384 bytes" } });
});

test("a wrong password shows an error and stays on the sign-in page", async ({ page }) => {
  await submitSignIn(page, { email: demoCustomer.email, password: "not-the-password" });

  await expect(formError(page)).toHaveText("Incorrect email or password");
  await expect(page).toHaveURL("/sign-in");
  await expectSignedOut(page);
  await screenshot(page, "sign-in-error");
});

test("a signed-in customer opening /admin gets 403 Access denied", async ({ page }) => {
  await signIn(page, demoCustomer);
  await expect(header(page).getByRole("link", { name: "Admin" })).toHaveCount(0);

  const response = await page.goto("/admin");
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: "Access denied" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Admin", exact: true })).toHaveCount(0);
  await screenshot(page, "admin-access-denied");
});

test("an anonymous visitor opening /admin signs in as the admin and lands on the dashboard", async ({ page }) => {
  await page.goto("/admin");
  await expect(page).toHaveURL("/sign-in?callbackUrl=%2Fadmin");
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await screenshot(page, "sign-in");

  await signIn(page, demoAdmin, { open: false });
  await expect(page).toHaveURL("/admin");
  await expect(page.getByRole("heading", { name: "Admin", exact: true })).toBeVisible();
  await expect(header(page).getByRole("link", { name: "Admin" })).toBeVisible();

  // A reload is a fresh server render of the guarded page: still allowed, with HTTP 200.
  const response = await page.reload();
  expect(response?.status()).toBe(200);
  await expect(page.getByRole("heading", { name: "Admin", exact: true })).toBeVisible();
  await screenshot(page, "admin");

  // The signed-in header (the longest one) still fits a phone.
  await page.setViewportSize({ width: 375, height: 720 });
  await expect(header(page).getByRole("button", { name: "Sign out" })).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
  await screenshot(page, "admin-375");
});
