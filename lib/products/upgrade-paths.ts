// Admin → Products → a product → Upgrade paths: the owner offers keys of this product a move to
// another product (lib/renewals: the same key, priced B − A unless a fixed price is set). One path
// per pair is the database's unique constraint, so two admins adding the same path get one row and
// one clear refusal; every change is audited in its own transaction.
import { Prisma, type Db } from "../db";
import { recordAuditEvent } from "../licenses/audit";

export type AddUpgradePathResult =
  | { outcome: "added"; pathId: string; toProductName: string }
  | { outcome: "not_found" }
  | { outcome: "invalid"; fieldErrors: Record<string, string> };

const isUniqueViolation = (error: unknown) =>
  error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";

const duplicate = (name: string): AddUpgradePathResult => ({
  outcome: "invalid",
  fieldErrors: { toProductId: `There is already an upgrade path to ${name}: remove it first to change its price` },
});

/**
 * Adds the path from → to, priced `priceCents` (null = the difference at checkout). Refused, with
 * nothing written: to itself, to a product that does not exist or sells in another currency, and
 * a second path to the same product.
 */
export async function addUpgradePath(
  db: Db,
  input: { fromProductId: string; toProductId: string; priceCents: number | null; actor: string },
): Promise<AddUpgradePathResult> {
  const [from, to] = await Promise.all([
    db.product.findUnique({ where: { id: input.fromProductId }, select: { id: true, currency: true } }),
    db.product.findUnique({ where: { id: input.toProductId }, select: { id: true, name: true, currency: true } }),
  ]);
  if (!from) return { outcome: "not_found" };
  if (from.id === input.toProductId) return { outcome: "invalid", fieldErrors: { toProductId: "A product cannot upgrade to itself: choose another product" } };
  if (!to) return { outcome: "invalid", fieldErrors: { toProductId: "That product no longer exists: choose another" } };
  if (to.currency !== from.currency) {
    return {
      outcome: "invalid",
      fieldErrors: { toProductId: `${to.name} sells in ${to.currency.toUpperCase()} and this product in ${from.currency.toUpperCase()}: an upgrade stays in one currency` },
    };
  }
  if (input.priceCents !== null && (!Number.isInteger(input.priceCents) || input.priceCents < 0)) {
    return { outcome: "invalid", fieldErrors: { fixedPrice: "The price must be 0 or more" } };
  }
  try {
    const path = await db.$transaction(async (tx) => {
      const created = await tx.productUpgrade.create({ data: { fromProductId: from.id, toProductId: to.id, priceCents: input.priceCents } });
      await recordAuditEvent(tx, {
        actor: input.actor,
        action: "product.upgrade_path_added",
        subject: `product:${from.id}`,
        details: { pathId: created.id, toProductId: to.id, priceCents: input.priceCents },
      });
      return created;
    });
    return { outcome: "added", pathId: path.id, toProductName: to.name };
  } catch (error) {
    if (isUniqueViolation(error)) return duplicate(to.name);
    throw error;
  }
}

/** Removes one of the product's paths. Orders already placed on it keep their price and still apply. */
export async function removeUpgradePath(
  db: Db,
  input: { fromProductId: string; pathId: string; actor: string },
): Promise<{ outcome: "removed"; toProductName: string } | { outcome: "not_found" }> {
  return db.$transaction(async (tx) => {
    const path = await tx.productUpgrade.findFirst({
      where: { id: input.pathId, fromProductId: input.fromProductId },
      select: { id: true, toProductId: true, priceCents: true, toProduct: { select: { name: true } } },
    });
    if (!path) return { outcome: "not_found" } as const;
    const { count } = await tx.productUpgrade.deleteMany({ where: { id: path.id, fromProductId: input.fromProductId } });
    if (count === 0) return { outcome: "not_found" } as const; // another admin removed it first
    await recordAuditEvent(tx, {
      actor: input.actor,
      action: "product.upgrade_path_removed",
      subject: `product:${input.fromProductId}`,
      details: { pathId: path.id, toProductId: path.toProductId, priceCents: path.priceCents },
    });
    return { outcome: "removed", toProductName: path.toProduct.name } as const;
  });
}
