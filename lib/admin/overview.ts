import { db } from "../db";

export type StoreOverview = {
  customers: number;
  products: number;
  orders: number;
  licenses: { active: number; expired: number; revoked: number };
};

/** Headline counts for the admin dashboard. License status is derived from dates, as everywhere. */
export async function getStoreOverview(now = new Date()): Promise<StoreOverview> {
  const [customers, products, orders, revoked, expired, total] = await Promise.all([
    db.user.count({ where: { role: "CUSTOMER" } }),
    db.product.count(),
    db.order.count(),
    db.license.count({ where: { revokedAt: { not: null } } }),
    db.license.count({ where: { revokedAt: null, expiresAt: { lte: now } } }),
    db.license.count(),
  ]);
  return { customers, products, orders, licenses: { active: total - revoked - expired, expired, revoked } };
}
