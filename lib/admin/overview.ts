import { Prisma, type DbClient } from "../db";
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
 * Headline numbers for the admin dashboard, at most one pass over each big table, so the page stays
 * fast with a million keys: the orders once (counts and revenue grouped by currency and status),
 * the keys from an index (countKeys), and the renewal lines once (renewalRevenue).
 */
export async function getStoreOverview(db: DbClient, now = new Date()): Promise<StoreOverview> {
  const [customers, products, orders, keys, renewalRevenueRows] = await Promise.all([
    db.user.count({ where: { role: "CUSTOMER" } }),
    db.product.count(),
    db.order.groupBy({ by: ["currency", "status"], _sum: { amountCents: true, refundedCents: true }, _count: { _all: true } }),
    countKeys(db, now),
    renewalRevenue(db, now),
  ]);
  const revenue = new Map<string, { currency: string; netCents: number; orders: number }>();
  for (const row of orders) {
    if (!REVENUE_STATUSES.includes(row.status)) continue;
    const entry = revenue.get(row.currency) ?? { currency: row.currency, netCents: 0, orders: 0 };
    entry.netCents += (row._sum.amountCents ?? 0) - (row._sum.refundedCents ?? 0);
    entry.orders += row._count._all;
    revenue.set(row.currency, entry);
  }
  const { renewed, lapsed } = keys;
  return {
    customers,
    products,
    orders: orders.reduce((sum, row) => sum + row._count._all, 0),
    licenses: { active: keys.active, expired: keys.expired, revoked: keys.revoked },
    renewals: {
      expiringSoon: keys.expiringSoon,
      revenue: renewalRevenueRows,
      rate: { renewed, lapsed, rate: renewed + lapsed > 0 ? renewed / (renewed + lapsed) : null },
    },
    revenue: [...revenue.values()].sort((a, b) => b.netCents - a.netCents),
  };
}

type Count = bigint | number | null;
const count = (value: Count | undefined) => Number(value ?? 0);

/** A paid renewal line still in force (applied to its key, not rolled back by a refund or dispute). */
const RENEWAL_IN_FORCE = Prisma.sql`"kind" = 'renewal' AND "appliedAt" IS NOT NULL AND "rolledBackAt" IS NULL`;

/**
 * The key figures in one statement of plain COUNT(*)s, each answered from an index alone (the
 * (expiresAt, revokedAt) index for the statuses). Prisma's count wraps its query in a subquery
 * that reads each row's id, which makes SQLite visit every one of a million rows per figure. The
 * status conditions are licenseStatusWhere's and expiringWithinWhere's (lib/licenses/
 * list-licenses.ts) in SQL, valid on both databases; the overview tests hold them to the same
 * answers. Every key is exactly one of revoked, expired or active, so active is what the other two
 * leave of the total, which SQLite counts without reading rows. Renewed and lapsed are the renewal
 * rate's two sides (StoreOverview).
 */
async function countKeys(db: DbClient, now: Date) {
  const soon = new Date(now.getTime() + EXPIRING_WITHIN_DAYS * DAY_MS);
  const rateSince = new Date(now.getTime() - RENEWAL_RATE_DAYS * DAY_MS);
  const [row] = await db.$queryRaw<Record<"total" | "revoked" | "expired" | "expiringSoon" | "lapsed" | "renewed", Count>[]>(Prisma.sql`
    SELECT
      (SELECT COUNT(*) FROM "License") AS "total",
      (SELECT COUNT(*) FROM "License" WHERE "revokedAt" IS NOT NULL) AS "revoked",
      (SELECT COUNT(*) FROM "License" WHERE "revokedAt" IS NULL AND "expiresAt" <= ${now}) AS "expired",
      (SELECT COUNT(*) FROM "License" WHERE "revokedAt" IS NULL AND "expiresAt" > ${now} AND "expiresAt" <= ${soon}) AS "expiringSoon",
      (SELECT COUNT(*) FROM "License" WHERE "revokedAt" IS NULL AND "expiresAt" >= ${rateSince} AND "expiresAt" <= ${now}) AS "lapsed",
      (SELECT COUNT(DISTINCT "targetLicenseId") FROM "OrderItem"
        WHERE ${RENEWAL_IN_FORCE} AND "previousExpiresAt" >= ${rateSince} AND "previousExpiresAt" <= ${now}) AS "renewed"`);
  const [revoked, expired] = [count(row?.revoked), count(row?.expired)];
  return {
    active: count(row?.total) - revoked - expired,
    expired,
    revoked,
    expiringSoon: count(row?.expiringSoon),
    lapsed: count(row?.lapsed),
    renewed: count(row?.renewed),
  };
}

/**
 * Renewal revenue per currency, all time and the last RENEWAL_REVENUE_RECENT_DAYS days, in one
 * grouped pass: a line's currency is its order's, which Prisma cannot group by (it aggregates a
 * model's own columns), so this is SQL valid on both databases rather than a query per currency
 * and window. A renewal line is always one unit (one term of one key), so its price is its amount.
 * CROSS JOIN is an inner join that SQLite (and only SQLite) reads as "the renewal lines outside":
 * left to choose, it walked every paid order by the status index and looked for its renewal lines,
 * 0.43 s at a million keys against 0.14 s.
 */
async function renewalRevenue(db: DbClient, now: Date): Promise<StoreOverview["renewals"]["revenue"]> {
  const recentSince = new Date(now.getTime() - RENEWAL_REVENUE_RECENT_DAYS * DAY_MS);
  const rows = await db.$queryRaw<{ currency: string; renewals: Count; allTimeCents: Count; recentCents: Count }[]>(Prisma.sql`
    SELECT o."currency" AS "currency", COUNT(*) AS "renewals", SUM(i."unitPriceCents") AS "allTimeCents",
           SUM(CASE WHEN i."appliedAt" >= ${recentSince} THEN i."unitPriceCents" ELSE 0 END) AS "recentCents"
    FROM (SELECT "orderId", "unitPriceCents", "appliedAt" FROM "OrderItem" WHERE ${RENEWAL_IN_FORCE}) i
    CROSS JOIN "Order" o
    WHERE o."id" = i."orderId" AND o."status" IN (${Prisma.join(RENEWAL_REVENUE_STATUSES)})
    GROUP BY o."currency"`);
  return rows
    .map((row) => ({ currency: row.currency, allTimeCents: count(row.allTimeCents), recentCents: count(row.recentCents), renewals: count(row.renewals) }))
    .sort((a, b) => b.allTimeCents - a.allTimeCents);
}
