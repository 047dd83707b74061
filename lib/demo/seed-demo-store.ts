import type { DbClient } from "../db";
import { createUser } from "../users/create-user";

/** Printed by `npm start` and used by the browser tests. Demo mode only, never in production. */
export const DEMO_ACCOUNTS = {
  admin: { email: "admin@example.com", password: "demo-admin-pass", name: "Demo Admin" },
  customer: { email: "customer@example.com", password: "demo-customer-pass", name: "Demo Customer" },
} as const;

export const DEMO_PRODUCTS = [
  {
    slug: "starter-seo-plugin",
    name: "Starter SEO Plugin",
    description: "A WordPress SEO plugin for a single site.",
    priceCents: 4900,
    maxActivations: 1,
    validityDays: null,
  },
  {
    slug: "pro-forms-plugin",
    name: "Pro Forms Plugin",
    description: "Advanced WordPress forms for up to five sites, with a year of updates.",
    priceCents: 9900,
    maxActivations: 5,
    validityDays: 365,
  },
  {
    slug: "agency-theme-bundle",
    name: "Agency Theme Bundle",
    description: "Every theme we make, on unlimited client sites, for life.",
    priceCents: 29900,
    maxActivations: 0,
    validityDays: null,
  },
] as const;

const SEEDED_FLAG = "demo_seeded_at";

/**
 * Fills an empty store with demo products and accounts, once: a flag row records it, so a second
 * start (or a store owner who deleted a demo product) never sees the data come back.
 */
export async function seedDemoStore(db: DbClient): Promise<{ seeded: boolean }> {
  if (await db.setting.findUnique({ where: { key: SEEDED_FLAG } })) return { seeded: false };
  for (const product of DEMO_PRODUCTS) {
    await db.product.upsert({ where: { slug: product.slug }, update: {}, create: { ...product, currency: "usd" } });
  }
  for (const [role, account] of [["ADMIN", DEMO_ACCOUNTS.admin], ["CUSTOMER", DEMO_ACCOUNTS.customer]] as const) {
    if (!(await db.user.findUnique({ where: { email: account.email } }))) await createUser(db, { ...account, role });
  }
  await db.setting.upsert({
    where: { key: SEEDED_FLAG },
    update: {},
    create: { key: SEEDED_FLAG, value: new Date().toISOString() },
  });
  return { seeded: true };
}
