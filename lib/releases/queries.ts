// Reading releases for the vendor (Admin, the server API, the CLI): every status, newest version
// first. What a customer or a site may have is decided elsewhere (lib/releases/entitlement.ts).
import type { DbClient, Product } from "../db";
import type { Release } from "./entitlement";

/** Longer than any id or slug or version; anything longer is not looked up at all. */
const MAX_REFERENCE_LENGTH = 200;

/** Every release of a product, newest version first (then newest upload), drafts and yanked included. */
export function listProductReleases(db: DbClient, productId: string): Promise<Release[]> {
  return db.release.findMany({ where: { productId }, orderBy: [{ versionKey: "desc" }, { createdAt: "desc" }] });
}

/** A product's release by its id or its version as written (e.g. 1.2.0); null for another product's. */
export async function findReleaseForProduct(db: DbClient, productId: string, idOrVersion: string): Promise<Release | null> {
  if (!idOrVersion || idOrVersion.length > MAX_REFERENCE_LENGTH) return null;
  const byVersion = await db.release.findUnique({ where: { productId_version: { productId, version: idOrVersion } } });
  if (byVersion) return byVersion;
  return db.release.findFirst({ where: { id: idOrVersion, productId } });
}

/** A product by its id or its slug (the API and the CLI accept either). */
export async function findProductByIdOrSlug(db: DbClient, idOrSlug: string): Promise<Product | null> {
  if (!idOrSlug || idOrSlug.length > MAX_REFERENCE_LENGTH) return null;
  return (await db.product.findUnique({ where: { slug: idOrSlug } })) ?? db.product.findUnique({ where: { id: idOrSlug } });
}
