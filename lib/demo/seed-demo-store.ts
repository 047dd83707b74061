import type { Db } from "../db";
import { getEnv } from "../env";
import { issueLicense } from "../licenses/issue-license";
import { revokeLicense } from "../licenses/revoke-license";
import { createUser } from "../users/create-user";
import { seedDemoReleases } from "./seed-demo-releases";

/** Printed by `npm start` and used by the browser tests. Demo mode only, never in production. */
export const DEMO_ACCOUNTS = {
  admin: { email: "admin@example.com", password: "demo-admin-pass", name: "Demo Admin" },
  customer: { email: "customer@example.com", password: "demo-customer-pass", name: "Demo Customer" },
} as const;

const PLUGIN_INSTALLATION = `1. Download the zip from **Account → Downloads**.
2. In WordPress, open **Plugins → Add New → Upload Plugin**, choose the zip and activate it.
3. Enter your license key where the plugin asks for it: updates then arrive like any other plugin's.`;

const THEME_INSTALLATION = `1. Download the zip from **Account → Downloads**.
2. In WordPress, open **Appearance → Themes → Add New → Upload Theme**, choose the zip and activate it.
3. Enter your license key where the theme asks for it: updates then arrive like any other theme's.`;

const AUTHOR = "CP Store Demo";

export const DEMO_PRODUCTS = [
  {
    slug: "starter-seo-plugin",
    name: "Starter SEO Plugin",
    description: "A WordPress SEO plugin for a single site, with a year of updates.",
    priceCents: 4900,
    maxActivations: 1,
    validityDays: 365,
    kind: "plugin",
    packageSlug: "starter-seo",
    author: AUTHOR,
    installation: PLUGIN_INSTALLATION,
  },
  {
    slug: "pro-forms-plugin",
    name: "Pro Forms Plugin",
    description: "Advanced WordPress forms for up to five sites, with a year of updates.",
    priceCents: 9900,
    maxActivations: 5,
    validityDays: 365,
    kind: "plugin",
    packageSlug: "pro-forms",
    author: AUTHOR,
    installation: PLUGIN_INSTALLATION,
  },
  {
    slug: "agency-theme-bundle",
    name: "Agency Theme Bundle",
    description: "Every theme we make, on unlimited client sites, for life.",
    priceCents: 29900,
    maxActivations: 0,
    validityDays: null,
    kind: "theme",
    packageSlug: "agency-theme",
    author: AUTHOR,
    installation: THEME_INSTALLATION,
  },
  {
    slug: "invoice-desktop-app",
    name: "Invoice Desktop App",
    description: "Invoicing for your desktop on up to three computers, billed yearly: each renewal keeps the same key.",
    priceCents: 2900,
    maxActivations: 3,
    validityDays: 365,
    kind: "other",
    packageSlug: null,
    billing: "yearly",
    author: AUTHOR,
    installation: "Download the installer from **Account → Downloads** and enter your license key when the app asks for it.",
  },
] as const;

type DemoProduct = (typeof DEMO_PRODUCTS)[number];

/** A demo product's homepage: its page in this store. */
const homepageOf = (slug: string) => `${getEnv().publicUrl}/products/${slug}`;

const SEEDED_FLAG = "demo_seeded_at";
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Fills an empty store with demo products and accounts, once: a flag row records it, so a second
 * start (or a store owner who deleted a demo product) never sees the data come back. The demo
 * releases have a flag of their own, so a store seeded before releases existed gets them too.
 */
export async function seedDemoStore(db: Db): Promise<{ seeded: boolean }> {
  const seeded = await seedProductsAndAccounts(db);
  // The desktop app (kind other) has no WordPress zip to generate: releases are the plugins' and the theme's.
  const wordpressProducts = DEMO_PRODUCTS.filter((product): product is Extract<DemoProduct, { kind: "plugin" | "theme" }> => product.kind !== "other");
  await seedDemoReleases(db, wordpressProducts.map((product) => ({ ...product, homepage: homepageOf(product.slug) })));
  return { seeded };
}

async function seedProductsAndAccounts(db: Db): Promise<boolean> {
  if (await db.setting.findUnique({ where: { key: SEEDED_FLAG } })) return false;
  for (const product of DEMO_PRODUCTS) {
    await db.product.upsert({ where: { slug: product.slug }, update: {}, create: { ...product, homepage: homepageOf(product.slug), currency: "usd" } });
  }
  await seedDemoUpgradePaths(db);
  for (const [role, account] of [["ADMIN", DEMO_ACCOUNTS.admin], ["CUSTOMER", DEMO_ACCOUNTS.customer]] as const) {
    if (!(await db.user.findUnique({ where: { email: account.email } }))) await createUser(db, { ...account, role, emailVerifiedAt: new Date() });
  }
  await issueDemoKeys(db);
  await db.setting.upsert({
    where: { key: SEEDED_FLAG },
    update: {},
    create: { key: SEEDED_FLAG, value: new Date().toISOString() },
  });
  return true;
}

/** The demo's upgrade path: a single-site Starter key moves to Pro Forms (five sites) for the difference. */
export const DEMO_UPGRADE_PATHS = [{ from: "starter-seo-plugin", to: "pro-forms-plugin" }] as const;

async function seedDemoUpgradePaths(db: Db) {
  for (const path of DEMO_UPGRADE_PATHS) {
    const [from, to] = await Promise.all([
      db.product.findUnique({ where: { slug: path.from } }),
      db.product.findUnique({ where: { slug: path.to } }),
    ]);
    if (!from || !to) continue;
    await db.productUpgrade.upsert({
      where: { fromProductId_toProductId: { fromProductId: from.id, toProductId: to.id } },
      update: {},
      create: { fromProductId: from.id, toProductId: to.id, priceCents: null },
    });
  }
}

/**
 * The demo customer's keys in every state, so Verify can be tried with curl at once. */
async function issueDemoKeys(db: Db) {
  const customer = await db.user.findUniqueOrThrow({ where: { email: DEMO_ACCOUNTS.customer.email } });
  if ((await db.license.count({ where: { userId: customer.id } })) > 0) return;
  const products = await db.product.findMany({ where: { slug: { in: DEMO_PRODUCTS.map((p) => p.slug) } } });
  const actor = "system:demo-seed";
  // One active key of each product; the yearly app's key comes with its subscription when bought.
  for (const product of products.filter((p) => p.billing !== "yearly")) await issueLicense(db, { userId: customer.id, product, actor });
  const starter = products.find((p) => p.slug === "starter-seo-plugin");
  if (!starter) return;
  const revoked = await issueLicense(db, { userId: customer.id, product: starter, actor });
  await revokeLicense(db, { licenseId: revoked.id, reason: "Demo: refunded order", actor });
  // Expired about 35 days ago: Account → Licenses offers Renew on it.
  const lastYear = new Date(Date.now() - 400 * DAY_MS);
  await issueLicense(db, { userId: customer.id, product: starter, actor, expiresAt: new Date(lastYear.getTime() + 365 * DAY_MS), now: lastYear });
  // Expires in 20 days: its 30-day reminder is due as soon as the store starts, and Renew is open.
  const proForms = products.find((p) => p.slug === "pro-forms-plugin");
  if (!proForms) return;
  const issued = new Date(Date.now() - 345 * DAY_MS);
  await issueLicense(db, { userId: customer.id, product: proForms, actor, expiresAt: new Date(issued.getTime() + 365 * DAY_MS), now: issued });
}

/** ", expires in 20 days" for a key within its renewal window, so the banner says which one to renew. */
function expiresSoon(expiresAt: Date | null, now: Date): string {
  if (!expiresAt) return "";
  const days = Math.ceil((expiresAt.getTime() - now.getTime()) / DAY_MS);
  return days <= 60 ? `, expires in ${days} ${days === 1 ? "day" : "days"}` : "";
}

export type DemoKey = { key: string; product: string; productSlug: string; state: string; active: boolean };

/** The demo customer's keys with a one-word state, for the start banner. */
export async function listDemoKeys(db: Db, now = new Date()): Promise<DemoKey[]> {
  const licenses = await db.license.findMany({
    where: { user: { email: DEMO_ACCOUNTS.customer.email } },
    orderBy: { createdAt: "asc" },
    select: { key: true, productName: true, revokedAt: true, expiresAt: true, maxActivations: true, product: { select: { slug: true } } },
  });
  return licenses.map((license) => ({
    key: license.key,
    product: license.productName,
    productSlug: license.product.slug,
    active: !license.revokedAt && !(license.expiresAt && license.expiresAt <= now),
    state: license.revokedAt
      ? "revoked"
      : license.expiresAt && license.expiresAt <= now
        ? "expired"
        : `active, ${license.maxActivations === 0 ? "unlimited sites" : `${license.maxActivations} site(s)`}${expiresSoon(license.expiresAt, now)}`,
  }));
}
