import type { DbClient, Product } from "../db";

/** A product on sale, by its slug; null when unknown or withdrawn (its page is a 404). */
export function getActiveProductBySlug(db: DbClient, slug: string): Promise<Product | null> {
  return db.product.findFirst({ where: { slug, active: true } });
}
