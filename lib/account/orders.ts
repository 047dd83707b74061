import type { DbClient } from "../db";

/** Orders shown on one page of Account → Orders; older ones are rare enough to leave out. */
export const ACCOUNT_ORDERS_LIMIT = 100;

/**
 * A customer's orders, newest first, with each line's keys (id and key, for links). The customer's
 * id is part of the `where`: nobody else's orders can appear.
 */
export function listOrdersForUser(db: DbClient, userId: string) {
  return db.order.findMany({
    where: { userId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: ACCOUNT_ORDERS_LIMIT,
    select: {
      id: true,
      status: true,
      amountCents: true,
      refundedCents: true,
      currency: true,
      createdAt: true,
      paidAt: true,
      items: {
        orderBy: { id: "asc" },
        select: {
          id: true,
          productName: true,
          quantity: true,
          // What a renewal or upgrade line changed, for "Renewal of key …" (describeOrderLine).
          kind: true,
          previousExpiresAt: true,
          newExpiresAt: true,
          previousProductName: true,
          appliedAt: true,
          rolledBackAt: true,
          targetLicense: { select: { id: true, key: true, productName: true, revokedAt: true, expiresAt: true } },
          licenses: {
            where: { userId },
            orderBy: [{ createdAt: "asc" }, { id: "asc" }],
            select: { id: true, key: true, revokedAt: true, expiresAt: true },
          },
        },
      },
    },
  });
}

export type AccountOrder = Awaited<ReturnType<typeof listOrdersForUser>>[number];
