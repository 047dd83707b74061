import type { DbClient, Prisma } from "../db";

const orderDetail = {
  items: {
    orderBy: { id: "asc" },
    include: {
      product: { select: { slug: true, maxActivations: true, validityDays: true } },
      licenses: {
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
        select: {
          id: true,
          key: true,
          productName: true,
          maxActivations: true,
          activationsUsed: true,
          expiresAt: true,
          revokedAt: true,
          revokeReason: true,
        },
      },
    },
  },
} satisfies Prisma.OrderInclude;

/** One of the customer's own orders with its items and keys; null for anyone else's (never a hint it exists). */
export function getOrderForUser(db: DbClient, input: { orderId: string; userId: string }) {
  return db.order.findFirst({ where: { id: input.orderId, userId: input.userId }, include: orderDetail });
}

/** Any order, for Admin: with its customer, items and keys. */
export function getOrderForAdmin(db: DbClient, orderId: string) {
  return db.order.findUnique({
    where: { id: orderId },
    include: { ...orderDetail, user: { select: { id: true, email: true, name: true } } },
  });
}

export type OrderDetail = NonNullable<Awaited<ReturnType<typeof getOrderForUser>>>;
export type OrderLicense = OrderDetail["items"][number]["licenses"][number];
