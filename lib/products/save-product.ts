import { Prisma, type Db, type Product } from "../db";
import { recordAuditEvent } from "../licenses/audit";
import type { ProductInput } from "./schemas";

export type SaveProductResult =
  | { outcome: "saved"; product: Product }
  | { outcome: "slug_taken" }
  | { outcome: "not_found" };

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
  };
}

/**
 * Creates a product. The slug's uniqueness is the database's unique index, so two admins racing
 * for one slug get one product and one `slug_taken`, never a duplicate.
 */
export async function createProduct(db: Db, input: ProductInput, actor: string): Promise<SaveProductResult> {
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
