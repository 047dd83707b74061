import type { DbClient } from "../db";
import { licenseStatusWhere } from "../licenses/list-licenses";

/** Orders whose money was received: refunds are subtracted below; a dispute is money held back. */
const REVENUE_STATUSES = ["paid", "partially_refunded", "refunded"];

export type StoreOverview = {
  customers: number;
  products: number;
  orders: number;
  licenses: { active: number; expired: number; revoked: number };
  /** Net revenue per currency (paid amounts minus refunds), largest first. */
  revenue: { currency: string; netCents: number; orders: number }[];
};

/**
 * Headline numbers for the admin dashboard. License status is derived from dates, as everywhere;
 * each figure is one indexed count or one grouped sum, whatever the size of the store.
 */
export async function getStoreOverview(db: DbClient, now = new Date()): Promise<StoreOverview> {
  const [customers, products, orders, active, expired, revoked, revenue] = await Promise.all([
    db.user.count({ where: { role: "CUSTOMER" } }),
    db.product.count(),
    db.order.count(),
    db.license.count({ where: licenseStatusWhere("active", now) }),
    db.license.count({ where: licenseStatusWhere("expired", now) }),
    db.license.count({ where: licenseStatusWhere("revoked", now) }),
    db.order.groupBy({
      by: ["currency"],
      where: { status: { in: REVENUE_STATUSES } },
      _sum: { amountCents: true, refundedCents: true },
      _count: { _all: true },
    }),
  ]);
  return {
    customers,
    products,
    orders,
    licenses: { active, expired, revoked },
    revenue: revenue
      .map((row) => ({
        currency: row.currency,
        netCents: (row._sum.amountCents ?? 0) - (row._sum.refundedCents ?? 0),
        orders: row._count._all,
      }))
      .sort((a, b) => b.netCents - a.netCents),
  };
}
