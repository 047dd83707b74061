// The demo store a new user meets after `npm start`, for renewals and upgrades: Starter sells
// one-year keys and upgrades to Pro Forms for the difference; the demo customer has a Starter key
// that expired about 35 days ago (Renew), an active one (Upgrade; renewal opens later) and a Pro
// Forms key expiring in 20 days (its 30-day reminder is due at once).
import { expect, it } from "vitest";
import { DEMO_ACCOUNTS, seedDemoStore } from "../../lib/demo/seed-demo-store";
import { offerLicenseSelect, offersForLicenses } from "../../lib/renewals/offers";
import { describeEachDatabase } from "../helpers/test-databases";

const DAY_MS = 24 * 60 * 60 * 1000;
const daysFromNow = (date: Date | null) => (date ? Math.round((date.getTime() - Date.now()) / DAY_MS) : null);

describeEachDatabase("the demo store's renewals and upgrades", (getDb) => {
  it("seeds a one-year Starter, the Starter → Pro Forms path, and keys to renew and upgrade", async () => {
    const db = getDb();
    await seedDemoStore(db);
    const starter = await db.product.findUniqueOrThrow({ where: { slug: "starter-seo-plugin" } });
    expect(starter).toMatchObject({ validityDays: 365, description: "A WordPress SEO plugin for a single site, with a year of updates." });
    const paths = await db.productUpgrade.findMany({ include: { fromProduct: true, toProduct: true } });
    expect(paths.map((p) => [p.fromProduct.slug, p.toProduct.slug, p.priceCents])).toEqual([["starter-seo-plugin", "pro-forms-plugin", null]]);

    const keys = await db.license.findMany({
      where: { user: { email: DEMO_ACCOUNTS.customer.email } },
      orderBy: { createdAt: "asc" },
      select: { ...offerLicenseSelect, key: true },
    });
    const offers = await offersForLicenses(db, keys);
    const summary = keys.map((key) => {
      const offer = offers.get(key.id);
      const state = offer?.renewal.state;
      return {
        product: key.product.slug,
        revoked: key.revokedAt !== null,
        days: daysFromNow(key.expiresAt),
        renew: !offer || !state ? null : state.renewable ? offer.renewal.priceCents : state.reason,
        upgrades: offer?.upgrades.map((u) => `${u.toSlug} ${u.priceCents}`) ?? [],
      };
    });
    expect(summary).toEqual(
      expect.arrayContaining([
        { product: "starter-seo-plugin", revoked: false, days: 365, renew: "too_early", upgrades: ["pro-forms-plugin 5000"] },
        { product: "pro-forms-plugin", revoked: false, days: 365, renew: "too_early", upgrades: [] },
        { product: "agency-theme-bundle", revoked: false, days: null, renew: "lifetime", upgrades: [] },
        { product: "starter-seo-plugin", revoked: true, days: 365, renew: "revoked", upgrades: [] },
        { product: "starter-seo-plugin", revoked: false, days: -35, renew: 4900, upgrades: [] },
        { product: "pro-forms-plugin", revoked: false, days: 20, renew: 9900, upgrades: [] },
      ]),
    );
    expect(summary).toHaveLength(6);
  });
});
