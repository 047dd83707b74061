import { db, type Product } from "../db";

/** Active products for the catalogue, cheapest first. */
export function listActiveProducts(): Promise<Product[]> {
  return db.product.findMany({ where: { active: true }, orderBy: [{ priceCents: "asc" }, { name: "asc" }] });
}
