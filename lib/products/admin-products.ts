import { upgradePriceCents } from "../renewals/terms";
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

/**
 * A product's upgrade paths for its edit page, with what each costs today, and the products a new
 * path may lead to (the others in its currency; the database refuses a second path to one).
 */
export async function listUpgradePathsForAdmin(db: DbClient, product: { id: string; currency: string; priceCents: number }) {
  const [paths, targets] = await Promise.all([
    db.productUpgrade.findMany({
      where: { fromProductId: product.id },
      include: { toProduct: { select: { id: true, name: true, priceCents: true, currency: true, maxActivations: true, active: true } } },
      orderBy: { toProduct: { priceCents: "asc" } },
    }),
    db.product.findMany({
      where: { id: { not: product.id }, currency: product.currency },
      select: { id: true, name: true, priceCents: true, active: true },
      orderBy: [{ active: "desc" }, { name: "asc" }],
    }),
  ]);
  return {
    paths: paths.map((path) => ({
      id: path.id,
      toProduct: path.toProduct,
      fixedPriceCents: path.priceCents,
      /** What a customer pays today (lib/renewals/terms.ts, upgradePriceCents). */
      priceNowCents: upgradePriceCents(path, product, path.toProduct),
    })),
    targets,
  };
}
