// Reading a product's releases through the server API: the product by slug or id, then every
// release (newest version first) or one by version or id. Unknown ones are 404.
import type { DbClient, Product } from "../../db";
import type { Release } from "../../releases/entitlement";
import { findProductByIdOrSlug, findReleaseForProduct, listProductReleases } from "../../releases/queries";
import { apiError } from "../errors";
import type { ReleaseObject } from "./schemas";
import { serializeRelease } from "./serialize-release";

export const productNotFound = () => apiError("NOT_FOUND", "Product not found");
export const releaseNotFound = () => apiError("NOT_FOUND", "Release not found");

export async function getProductOrThrow(db: DbClient, productRef: string): Promise<Product> {
  const product = await findProductByIdOrSlug(db, productRef);
  if (!product) throw productNotFound();
  return product;
}

export async function getReleaseRowOrThrow(db: DbClient, productRef: string, releaseRef: string): Promise<{ product: Product; release: Release }> {
  const product = await getProductOrThrow(db, productRef);
  const release = await findReleaseForProduct(db, product.id, releaseRef);
  if (!release) throw releaseNotFound();
  return { product, release };
}

export async function getReleases(db: DbClient, productRef: string): Promise<ReleaseObject[]> {
  const product = await getProductOrThrow(db, productRef);
  return (await listProductReleases(db, product.id)).map((release) => serializeRelease(release, product));
}

export async function getRelease(db: DbClient, productRef: string, releaseRef: string): Promise<ReleaseObject> {
  const { product, release } = await getReleaseRowOrThrow(db, productRef, releaseRef);
  return serializeRelease(release, product);
}
