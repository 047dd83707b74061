// The admin's renewal views on SQLite and PostgreSQL: Admin → Licenses' "Expiring in 30 days"
// filter (active keys only, pages still walk without gaps), and the overview's renewal revenue
// (per currency, last 30 days and all time, refunded renewals out) and renewal rate of the keys
// whose term ended in the last 90 days.
import { expect, it } from "vitest";
import type { Db } from "../../../lib/db";
import { adminLicenseListFilter, adminLicensesHref, parseAdminLicenseFilters } from "../../../lib/admin/license-filters";
import { getStoreOverview } from "../../../lib/admin/overview";
import { listLicenses } from "../../../lib/licenses/list-licenses";
import { revokeLicense } from "../../../lib/licenses/revoke-license";
import { refundOrder } from "../../../lib/orders/refund-order";
import { payDemoOrder } from "../../../lib/payments/demo-checkout";
import { beginRenewalCheckout } from "../../../lib/renewals/begin-change-checkout";
import { DAY_MS } from "../../../lib/renewals/terms";
import { createCustomer, createProduct, issueTestLicense } from "../../helpers/factories";
import { describeEachDatabase } from "../../helpers/test-databases";
import { daysFromNow, soldKey, TERM_DAYS } from "../renewals/helpers";
import { withDemoPayments } from "../../helpers/demo-payments";

withDemoPayments();

/** Renews the key through the demo checkout; returns the renewal's order. */
async function renew(db: Db, sold: Awaited<ReturnType<typeof soldKey>>) {
  const { orderId } = await beginRenewalCheckout(db, { licenseId: sold.license.id, user: sold.buyer });
  expect(await payDemoOrder(db, { orderId, userId: sold.customer.id })).toMatchObject({ outcome: "fulfilled" });
  return orderId;
}

describeEachDatabase("Admin renewal views", (getDb) => {
  it("an empty store: no renewal revenue, a rate of none, nothing expiring", async () => {
    expect((await getStoreOverview(getDb())).renewals).toEqual({ expiringSoon: 0, revenue: [], rate: { renewed: 0, lapsed: 0, rate: null } });
  });

  it("'Expiring in 30 days': active keys expiring within 30 days, in the list's order and pages", async () => {
    const db = getDb();
    expect(parseAdminLicenseFilters({ status: "expiring" })).toEqual({ q: undefined, status: "expiring", cursor: undefined });
    expect(adminLicensesHref({ status: "expiring" })).toBe("/admin/licenses?status=expiring");
    expect(adminLicenseListFilter({ status: "active", q: "x" })).toEqual({ status: "active", search: "x" });

    const customer = await createCustomer(db);
    const product = await createProduct(db, { validityDays: TERM_DAYS });
    const key = async (days: number | null, revoked = false) =>
      (await issueTestLicense(db, { customer, product, expiresAt: days === null ? null : daysFromNow(days), revoked })).license.id;
    const soon = [await key(1), await key(10), await key(29.9), await key(5), await key(20), await key(15), await key(25)];
    await key(31);
    await key(-1);
    await key(null);
    await key(10, true);

    const filter = { ...adminLicenseListFilter(parseAdminLicenseFilters({ status: "expiring" })), userId: customer.id };
    const first = await listLicenses(db, { filter, include: {} });
    expect(first.items.map((license) => license.id)).toEqual([...soon].reverse()); // newest first, as the list always is
    const pages: string[][] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof listLicenses<Record<string, never>>>> = await listLicenses(db, { filter, perPage: 3, cursor, include: {} });
      pages.push(page.items.map((license) => license.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(pages.map((page) => page.length)).toEqual([3, 3, 1]);
    expect(pages.flat()).toEqual([...soon].reverse());
    expect((await getStoreOverview(db)).renewals.expiringSoon).toBe(soon.length);
  });

  it("renewal revenue per currency (last 30 days, all time) and the renewal rate of terms ended in the last 90 days", async () => {
    const db = getDb();
    const before = (await getStoreOverview(db)).renewals;

    // Renewed 10 days after it lapsed: renewed, and 30-day revenue.
    await renew(db, await soldKey(db, { expiresInDays: -10 }));
    // Renewed early, 10 days before its expiry, 40 days ago: all-time revenue only; its term has not ended.
    const early = await soldKey(db, { expiresInDays: 10 });
    const earlyOrder = await renew(db, early);
    await db.orderItem.updateMany({ where: { orderId: earlyOrder }, data: { appliedAt: new Date(Date.now() - 40 * DAY_MS) } });
    // Renewed, then refunded: the renewal is rolled back; the key is lapsed again.
    const refunded = await soldKey(db, { expiresInDays: -5 });
    const refundedOrder = await renew(db, refunded);
    await refundOrder(db, { orderId: refundedOrder, licenses: "all", refunded: { totalCents: 4900 }, actor: "test" });
    // Lapsed 20 days ago; lapsed 100 days ago (outside the window); revoked after it lapsed (neither).
    await soldKey(db, { expiresInDays: -20 });
    await soldKey(db, { expiresInDays: -100 });
    const revoked = await soldKey(db, { expiresInDays: -5 });
    await revokeLicense(db, { licenseId: revoked.license.id, actor: "test" });
    // A euro product's key renewed 3 days after it lapsed.
    const euroProduct = await createProduct(db, { validityDays: TERM_DAYS });
    await db.product.update({ where: { id: euroProduct.id }, data: { currency: "eur", priceCents: 3900 } });
    await renew(db, await soldKey(db, { expiresInDays: -3, product: { ...euroProduct, currency: "eur", priceCents: 3900 } }));

    const after = (await getStoreOverview(db)).renewals;
    const money = (renewals: typeof after, currency: string) => {
      const row = renewals.revenue.find((entry) => entry.currency === currency);
      return { recent: row?.recentCents ?? 0, allTime: row?.allTimeCents ?? 0, renewals: row?.renewals ?? 0 };
    };
    const usd = money(after, "usd");
    const usdBefore = money(before, "usd");
    expect({ recent: usd.recent - usdBefore.recent, allTime: usd.allTime - usdBefore.allTime, renewals: usd.renewals - usdBefore.renewals }).toEqual({
      recent: 4900,
      allTime: 9800,
      renewals: 2,
    });
    const eur = money(after, "eur");
    const eurBefore = money(before, "eur");
    expect({ recent: eur.recent - eurBefore.recent, allTime: eur.allTime - eurBefore.allTime, renewals: eur.renewals - eurBefore.renewals }).toEqual({
      recent: 3900,
      allTime: 3900,
      renewals: 1,
    });
    expect(after.rate.renewed - before.rate.renewed).toBe(2);
    expect(after.rate.lapsed - before.rate.lapsed).toBe(2);
    expect(after.rate.rate).toBeCloseTo(after.rate.renewed / (after.rate.renewed + after.rate.lapsed));
    expect(after.revenue.map((row) => row.currency)).toEqual(["usd", "eur"]); // largest first
  });
});
