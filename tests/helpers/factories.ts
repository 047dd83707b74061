// Test data built through the real domain functions (issueLicense, revokeLicense), so a test's
// keys are exactly what a purchase would produce. Every value is unique per call: tests in one
// file share a database and must not collide on email, slug or domain.
import { randomBytes } from "node:crypto";
import type { DbClient, Db, License, Order, OrderItem, Product, User } from "../../lib/db";
import { issueLicense } from "../../lib/licenses/issue-license";
import { revokeLicense } from "../../lib/licenses/revoke-license";

const DAY_MS = 24 * 60 * 60 * 1000;

/** A short random suffix for unique emails, slugs and domains. */
export const unique = (): string => randomBytes(5).toString("hex");

/** A domain nobody else in the run uses, e.g. `site-3f2a9c01de.com`. */
export const uniqueDomain = (label = "site"): string => `${label}-${unique()}.com`;

/**
 * A customer whose address is verified unless `verified: false` (an unverified account sees only
 * the keys of its own orders: lib/licenses/queries.ts, visibleToCustomer).
 */
export async function createCustomer(db: DbClient, fields: { email?: string; name?: string; verified?: boolean } = {}): Promise<User> {
  const id = unique();
  return db.user.create({
    data: {
      email: fields.email ?? `customer-${id}@example.org`,
      name: fields.name ?? `Customer ${id}`,
      emailVerifiedAt: fields.verified === false ? null : new Date(),
    },
  });
}

export async function createProduct(
  db: DbClient,
  fields: { maxActivations?: number; validityDays?: number | null; slug?: string; name?: string } = {},
): Promise<Product> {
  const id = unique();
  return db.product.create({
    data: {
      slug: fields.slug ?? `product-${id}`,
      name: fields.name ?? `Product ${id}`,
      priceCents: 4900,
      maxActivations: fields.maxActivations ?? 1,
      validityDays: fields.validityDays === undefined ? null : fields.validityDays,
    },
  });
}

/** A paid order of one unit of `product`: the order data a public response must never reveal. */
export async function createPaidOrder(
  db: DbClient,
  customer: User,
  product: Product,
): Promise<{ order: Order; item: OrderItem }> {
  const order = await db.order.create({
    data: {
      userId: customer.id,
      status: "paid",
      provider: "demo",
      amountCents: product.priceCents,
      paidAt: new Date(),
      items: { create: { productId: product.id, productName: product.name, unitPriceCents: product.priceCents, quantity: 1 } },
    },
    include: { items: true },
  });
  const [item] = order.items;
  if (!item) throw new Error("order was created without its item");
  return { order, item };
}

export type TestLicenseOptions = {
  customer?: User;
  product?: Product;
  /** Max Activations (0 = unlimited): the key's override when a product is given, else the new product's default. */
  maxActivations?: number;
  /** Overrides the product's validity; null = lifetime. */
  expiresAt?: Date | null;
  orderItemId?: string;
  /** Revoke the key right after issuing it. */
  revoked?: boolean;
  /** Shorthand for an expiry one day in the past. */
  expired?: boolean;
};

export type TestLicense = { license: License; customer: User; product: Product };

/** Issues a key with issueLicense (and revokes it with revokeLicense when asked). */
export async function issueTestLicense(db: Db, options: TestLicenseOptions = {}): Promise<TestLicense> {
  const customer = options.customer ?? (await createCustomer(db));
  const product = options.product ?? (await createProduct(db, { maxActivations: options.maxActivations ?? 1 }));
  const expiresAt = options.expired ? new Date(Date.now() - DAY_MS) : options.expiresAt;
  const license = await issueLicense(db, {
    userId: customer.id,
    product,
    maxActivations: options.product ? options.maxActivations : undefined,
    expiresAt,
    orderItemId: options.orderItemId,
    actor: "test",
  });
  if (options.revoked) {
    const result = await revokeLicense(db, { licenseId: license.id, reason: "test revocation", actor: "test" });
    if (result.outcome !== "revoked") throw new Error(`could not revoke the test key: ${result.outcome}`);
    return { license: await db.license.findUniqueOrThrow({ where: { id: license.id } }), customer, product };
  }
  return { license, customer, product };
}
