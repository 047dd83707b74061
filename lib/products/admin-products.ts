import type { DbClient } from "../db";

/** Every product for Admin → Products (a store has tens, not thousands): active first, then by name. */
export function listProductsForAdmin(db: DbClient) {
  return db.product.findMany({
    orderBy: [{ active: "desc" }, { name: "asc" }],
    include: { _count: { select: { licenses: true } } },
  });
}

export function findProductForAdmin(db: DbClient, productId: string) {
  return db.product.findUnique({ where: { id: productId } });
}
