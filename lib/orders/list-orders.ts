import type { DbClient, Prisma } from "../db";

export const ADMIN_ORDERS_PAGE_SIZE = 25;

const listItem = {
  items: { select: { productName: true, quantity: true }, orderBy: { id: "asc" } },
} satisfies Prisma.OrderInclude;

/**
 * Every order for Admin, newest first, a page at a time. The cursor is the last order's id; ties
 * on createdAt are broken by id, so no order is skipped or shown twice across pages.
 */
export async function listOrdersForAdmin(
  db: DbClient,
  input: { cursor?: string; take?: number; needsReview?: boolean } = {},
) {
  const take = input.take ?? ADMIN_ORDERS_PAGE_SIZE;
  const rows = await db.order.findMany({
    where: input.needsReview ? { needsReview: true } : undefined,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: take + 1,
    ...(input.cursor ? { cursor: { id: input.cursor }, skip: 1 } : {}),
    include: { ...listItem, user: { select: { email: true } } },
  });
  const orders = rows.slice(0, take);
  const nextCursor = rows.length > take ? orders.at(-1)?.id : undefined;
  return { orders, nextCursor };
}

export type AdminOrderRow = Awaited<ReturnType<typeof listOrdersForAdmin>>["orders"][number];
