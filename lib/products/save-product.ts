// Saving a product from Admin → Products: its fields (slug uniqueness decided by the database),
// and its icon and banner (files in storage, their keys on the product), each change with its
// audit entry in the same transaction.
import { Prisma, type Db, type Product } from "../db";
import { recordAuditEvent } from "../licenses/audit";
import type { FileStorage } from "../storage/types";
import { storeProductImage, type ProductImageChange } from "./media";
import { productRuleErrors, type ProductInput } from "./schemas";
import { logger } from "../observability/logger";

export type SaveProductResult =
  | { outcome: "saved"; product: Product }
  | { outcome: "slug_taken" }
  | { outcome: "not_found" }
  /** A rule between fields is broken (a yearly product without a 365-day validity): nothing saved. */
  | { outcome: "invalid"; fieldErrors: Record<string, string> };

/** The form's schema already applies these; a caller that skipped it still saves nothing that breaks them. */
function invalid(input: ProductInput): SaveProductResult | null {
  const fieldErrors = productRuleErrors(input);
  return Object.keys(fieldErrors).length > 0 ? { outcome: "invalid", fieldErrors } : null;
}

const isUniqueViolation = (error: unknown) =>
  error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";

function toData(input: ProductInput) {
  return {
    name: input.name,
    slug: input.slug,
    description: input.description,
    priceCents: input.price,
    currency: input.currency,
    maxActivations: input.maxActivations,
    validityDays: input.validityDays,
    active: input.active,
    kind: input.kind,
    packageSlug: input.packageSlug,
    homepage: input.homepage,
    author: input.author,
    installation: input.installation,
    renewalDiscountPercent: input.renewalDiscountPercent,
    billing: input.billing,
  };
}

/**
 * Creates a product. The slug's uniqueness is the database's unique index, so two admins racing
 * for one slug get one product and one `slug_taken`, never a duplicate.
 */
export async function createProduct(db: Db, input: ProductInput, actor: string): Promise<SaveProductResult> {
  const refused = invalid(input);
  if (refused) return refused;
  try {
    return await db.$transaction(async (tx) => {
      const product = await tx.product.create({ data: toData(input) });
      await recordAuditEvent(tx, { actor, action: "product.created", subject: `product:${product.id}`, details: toData(input) });
      return { outcome: "saved", product };
    });
  } catch (error) {
    if (isUniqueViolation(error)) return { outcome: "slug_taken" };
    throw error;
  }
}

/**
 * Updates a product. Keys already issued keep their own snapshot (name, limits, expiry): an edit
 * here only shapes future sales.
 */
export async function updateProduct(db: Db, productId: string, input: ProductInput, actor: string): Promise<SaveProductResult> {
  const refused = invalid(input);
  if (refused) return refused;
  try {
    return await db.$transaction(async (tx) => {
      const { count } = await tx.product.updateMany({ where: { id: productId }, data: toData(input) });
      if (count === 0) return { outcome: "not_found" };
      await recordAuditEvent(tx, { actor, action: "product.updated", subject: `product:${productId}`, details: toData(input) });
      return { outcome: "saved", product: await tx.product.findUniqueOrThrow({ where: { id: productId } }) };
    });
  } catch (error) {
    if (isUniqueViolation(error)) return { outcome: "slug_taken" };
    throw error;
  }
}

const IMAGE_FIELDS = { icon: "iconFile", banner: "bannerFile" } as const;

/**
 * Sets or removes a product's icon and banner. New files are stored first; then the product points
 * at them, with the audit entry, in one transaction; only then are the files they replaced
 * deleted. A page or WordPress therefore never meets a key without its file; a failure leaves at
 * worst a file nothing points at.
 */
export async function saveProductImages(
  db: Db,
  storage: FileStorage,
  productId: string,
  changes: readonly ProductImageChange[],
  actor: string,
): Promise<{ outcome: "saved" | "not_found" }> {
  if (changes.length === 0) return { outcome: "saved" };
  const data: Partial<Record<"iconFile" | "bannerFile", string | null>> = {};
  for (const change of changes) {
    data[IMAGE_FIELDS[change.kind]] = change.image ? await storeProductImage(storage, productId, change.image) : null;
  }
  const before = await db.$transaction(async (tx) => {
    const current = await tx.product.findUnique({ where: { id: productId }, select: { iconFile: true, bannerFile: true } });
    if (!current) return null;
    await tx.product.update({ where: { id: productId }, data });
    await recordAuditEvent(tx, { actor, action: "product.images_changed", subject: `product:${productId}`, details: data });
    return current;
  });
  const unused = before
    ? Object.entries(data).map(([field, key]) => (before[field as keyof typeof before] !== key ? before[field as keyof typeof before] : null))
    : Object.values(data); // the product is gone: the files just stored belong to nothing
  await Promise.all(unused.filter((key): key is string => Boolean(key)).map((key) => deleteQuietly(storage, key)));
  return { outcome: before ? "saved" : "not_found" };
}

/** A file that could not be deleted is only an orphan: logged, never a failed save. */
async function deleteQuietly(storage: FileStorage, key: string) {
  try {
    await storage.delete(key);
  } catch (error) {
    logger.child({ component: "products" }).error({ err: error, storageKey: key }, "could not delete the replaced image");
  }
}
