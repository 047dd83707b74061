import type { DbClient, Prisma } from "../db";
import { expiringWithinWhere, licenseStatusWhere } from "../licenses/list-licenses";
import { DAY_MS } from "../renewals/terms";
import { EXPIRING_WITHIN_DAYS } from "./license-filters";

/** Orders whose money was received: refunds are subtracted below; a dispute is money held back. */
const REVENUE_STATUSES = ["paid", "partially_refunded", "refunded"];
/** Orders whose renewal lines count as renewal revenue (a refunded renewal is rolled back anyway). */
const RENEWAL_REVENUE_STATUSES = ["paid", "partially_refunded"];
/** The windows of the renewal figures. */
export const RENEWAL_REVENUE_RECENT_DAYS = 30;
export const RENEWAL_RATE_DAYS = 90;

export type StoreOverview = {
  customers: number;
  products: number;
  orders: number;
  licenses: { active: number; expired: number; revoked: number };
  /** Net revenue per currency (paid amounts minus refunds), largest first. */
  revenue: { currency: string; netCents: number; orders: number }[];
  renewals: {
    /** Active keys expiring within the next EXPIRING_WITHIN_DAYS days (Admin → Licenses' "Expiring" filter). */
    expiringSoon: number;
    /** Paid renewal lines still in force, per currency: the last RENEWAL_REVENUE_RECENT_DAYS days and all time. */
    revenue: { currency: string; recentCents: number; allTimeCents: number; renewals: number }[];
    /**
     * Of the keys whose term ended in the last RENEWAL_RATE_DAYS days, those renewed (a renewal
     * applied, not rolled back, whose previous expiry falls in the window) and those lapsed (not
     * revoked, expired in the window); rate = renewed / (renewed + lapsed), null when there are none.
     */
    rate: { renewed: number; lapsed: number; rate: number | null };
  };
};

/**
 * Headline numbers for the admin dashboard. License status is derived from dates, as everywhere;
 * each figure is one indexed count or one grouped sum, whatever the size of the store.
 */
export async function getStoreOverview(db: DbClient, now = new Date()): Promise<StoreOverview> {
  const [customers, products, orders, active, expired, revoked, expiringSoon, revenue, renewals] = await Promise.all([
    db.user.count({ where: { role: "CUSTOMER" } }),
    db.product.count(),
    db.order.count(),
    db.license.count({ where: licenseStatusWhere("active", now) }),
    db.license.count({ where: licenseStatusWhere("expired", now) }),
    db.license.count({ where: licenseStatusWhere("revoked", now) }),
    db.license.count({ where: expiringWithinWhere(EXPIRING_WITHIN_DAYS, now) }),
    db.order.groupBy({
      by: ["currency"],
      where: { status: { in: REVENUE_STATUSES } },
      _sum: { amountCents: true, refundedCents: true },
      _count: { _all: true },
    }),
    getRenewalFigures(db, now),
  ]);
  return {
    customers,
    products,
    orders,
    licenses: { active, expired, revoked },
    renewals: { ...renewals, expiringSoon },
    revenue: revenue
      .map((row) => ({
        currency: row.currency,
        netCents: (row._sum.amountCents ?? 0) - (row._sum.refundedCents ?? 0),
        orders: row._count._all,
      }))
      .sort((a, b) => b.netCents - a.netCents),
  };
}

/** A paid renewal line still in force (applied to its key, not rolled back by a refund or dispute). */
const renewalInForce = { kind: "renewal", appliedAt: { not: null }, rolledBackAt: null } satisfies Prisma.OrderItemWhereInput;

async function getRenewalFigures(db: DbClient, now: Date): Promise<Omit<StoreOverview["renewals"], "expiringSoon">> {
  const recentSince = new Date(now.getTime() - RENEWAL_REVENUE_RECENT_DAYS * DAY_MS);
  const rateSince = new Date(now.getTime() - RENEWAL_RATE_DAYS * DAY_MS);
  const paidRenewal = (currency: string) => ({ ...renewalInForce, order: { status: { in: RENEWAL_REVENUE_STATUSES }, currency } });
  // A line's currency is its order's, and Prisma groups by a model's own columns only: one
  // aggregate per currency the store has taken renewals in (a store has one or a few).
  const currencies = await db.order.groupBy({ by: ["currency"], where: { status: { in: RENEWAL_REVENUE_STATUSES }, items: { some: renewalInForce } } });
  const [revenue, renewedKeys, lapsed] = await Promise.all([
    Promise.all(
      currencies.map(async ({ currency }) => {
        const [allTime, recent] = await Promise.all([
          db.orderItem.aggregate({ where: paidRenewal(currency), _sum: { unitPriceCents: true }, _count: { _all: true } }),
          db.orderItem.aggregate({ where: { ...paidRenewal(currency), appliedAt: { gte: recentSince } }, _sum: { unitPriceCents: true } }),
        ]);
        // A renewal line is always one unit (one term of one key), so its price is its amount.
        return { currency, allTimeCents: allTime._sum.unitPriceCents ?? 0, recentCents: recent._sum.unitPriceCents ?? 0, renewals: allTime._count._all };
      }),
    ),
    db.orderItem.groupBy({ by: ["targetLicenseId"], where: { ...renewalInForce, previousExpiresAt: { gte: rateSince, lte: now } } }),
    db.license.count({ where: { revokedAt: null, expiresAt: { gte: rateSince, lte: now } } }),
  ]);
  const renewed = renewedKeys.length;
  return {
    revenue: revenue.sort((a, b) => b.allTimeCents - a.allTimeCents),
    rate: { renewed, lapsed, rate: renewed + lapsed > 0 ? renewed / (renewed + lapsed) : null },
  };
}
