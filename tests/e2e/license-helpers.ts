// Shared steps of the license journeys (Account → Licenses, Admin): a fresh customer with keys in
// the e2e database, Verify calls, and the layout checks every page gets at both widths.
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { expect, type APIRequestContext, type Page } from "@playwright/test";
import { newAccount, screenshot } from "./helpers";

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, "../..");

/** The database the e2e server uses (playwright.config.ts); a private run may point elsewhere. */
const databaseUrl = process.env.E2E_DATABASE_URL ?? `file:./${process.env.E2E_DATABASE ?? "data/e2e.db"}`;

export type SeededKey = { id: string; key: string };
export type KeySpec = { product: string; maxActivations?: number; count?: number; expired?: boolean };
export type SeededCustomer = {
  account: ReturnType<typeof newAccount>;
  userId: string;
  keys: SeededKey[];
  order?: { id: string; keys: SeededKey[] };
};

/** A new customer (unique per test) with the given keys and, optionally, a paid demo order. */
export async function seedCustomer(
  label: string,
  data: { keys?: KeySpec[]; order?: { product: string; quantity: number } } = {},
): Promise<SeededCustomer> {
  const account = newAccount(label);
  const request = { customer: account, keys: data.keys ?? [], order: data.order };
  const { stdout } = await run(
    path.join(root, "node_modules/.bin/tsx"),
    ["tests/e2e/support/seed-license-data.ts", JSON.stringify(request)],
    { cwd: root, env: { ...process.env, DATABASE_URL: databaseUrl } },
  );
  const created = JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}") as Omit<SeededCustomer, "account">;
  return { account, ...created };
}

export type VerifyAnswer = { valid: boolean; code: string; manage_url?: string; activations: { used: number; max: number } | null };

/** POST /api/v1/licenses/verify, as an installed product would. */
export async function verify(request: APIRequestContext, key: string, domain: string): Promise<VerifyAnswer> {
  const response = await request.post("/api/v1/licenses/verify", { data: { key, domain } });
  expect(response.status()).toBe(200);
  return (await response.json()) as VerifyAnswer;
}

/** A domain nobody else in the run uses. */
export const uniqueDomain = (label: string) => `${label}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 7)}.com`;

export async function expectNoHorizontalOverflow(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, "the page must not scroll sideways").toBeLessThanOrEqual(0);
}

/**
 * Screenshots the current page at 1280 px and at 375 px (test-results/screens/<name>-<width>.png),
 * checking at both that nothing sticks out sideways, then restores the desktop width.
 */
export async function screenshotBothWidths(page: Page, name: string) {
  for (const width of [1280, 375]) {
    await page.setViewportSize({ width, height: 900 });
    await expectNoHorizontalOverflow(page);
    await screenshot(page, `${name}-${width}`);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

export type CapturedAction = { path: string; headers: Record<string, string>; body: Buffer };

/**
 * Runs `trigger` on `page` and captures the server action request its browser sends (action id,
 * form fields, router state), aborting it so nothing changes. Replayed from another session, it
 * is exactly what that user's browser could send.
 */
export async function captureServerAction(page: Page, trigger: () => Promise<void>): Promise<CapturedAction> {
  let captured: CapturedAction | undefined;
  await page.route("**/*", async (route) => {
    const request = route.request();
    if (!captured && request.method() === "POST" && request.headers()["next-action"]) {
      const headers = Object.fromEntries(Object.entries(request.headers()).filter(([name]) => name !== "cookie"));
      captured = { path: new URL(request.url()).pathname, headers, body: request.postDataBuffer() ?? Buffer.alloc(0) };
      await route.abort();
      return;
    }
    await route.fallback();
  });
  await trigger();
  await expect.poll(() => captured !== undefined).toBe(true);
  await page.unrouteAll({ behavior: "ignoreErrors" });
  if (!captured) throw new Error("no server action request was sent");
  return captured;
}

/** Sends a captured server action request again, with `page`'s own session cookies. */
export function replayServerAction(page: Page, action: CapturedAction) {
  return page.request.post(action.path, { headers: action.headers, data: action.body, maxRedirects: 0 });
}
