// Shared steps for the renewal and upgrade tests: a key sold by a real (paid) order that expires
// when a test needs it to, and the readings every test makes of a key and its order lines.
import type { Db, Product, User } from "../../../lib/db";
import { storedLicenseKey } from "../../../lib/licenses/key";
import { verifyLicense } from "../../../lib/licenses/verify-license";
import { DAY_MS } from "../../../lib/renewals/terms";
import { createCustomer, createPaidOrder, createProduct, issueTestLicense, uniqueDomain } from "../../helpers/factories";

export const TERM_DAYS = 365;
export const TERM_MS = TERM_DAYS * DAY_MS;
export const daysFromNow = (days: number) => new Date(Date.now() + days * DAY_MS);

/**
 * A customer's key of a yearly product (365 days, 4900 cents, `maxActivations` sites), issued by a
 * paid order of its own, expiring `expiresInDays` from now (negative: already expired; null: lifetime).
 */
export async function soldKey(
  db: Db,
  options: { expiresInDays?: number | null; customer?: User; product?: Product; maxActivations?: number } = {},
) {
  const customer = options.customer ?? (await createCustomer(db));
  const product = options.product ?? (await createProduct(db, { maxActivations: options.maxActivations ?? 2, validityDays: TERM_DAYS }));
  const { order, item } = await createPaidOrder(db, customer, product);
  const expiresInDays = options.expiresInDays === undefined ? 10 : options.expiresInDays;
  const { license } = await issueTestLicense(db, {
    customer,
    product,
    orderItemId: item.id,
    expiresAt: expiresInDays === null ? null : daysFromNow(expiresInDays),
  });
  return { customer, product, license, purchaseOrderId: order.id, buyer: { id: customer.id, email: customer.email } };
}

export const keyOf = (db: Db, licenseId: string) => db.license.findUniqueOrThrow({ where: { id: licenseId } });

export const lineOf = (db: Db, orderId: string) => db.orderItem.findFirstOrThrow({ where: { orderId } });

export const expiryOf = async (db: Db, licenseId: string) => {
  const { expiresAt } = await keyOf(db, licenseId);
  if (!expiresAt) throw new Error("the key has no expiry");
  return expiresAt.getTime();
};

/** What Verify answers for the key on a fresh domain (the code: VALID, EXPIRED, REVOKED, …). */
export async function verifyCode(db: Db, licenseId: string): Promise<string> {
  const { key } = await keyOf(db, licenseId);
  const domain = uniqueDomain();
  const answer = await verifyLicense(db, { key: storedLicenseKey(key) }, { environment: { kind: "domain", value: domain }, rawValue: domain, clientIp: null, userAgent: null });
  return answer.code;
}

export const auditOf = (db: Db, action: string, subject: string) => db.auditEvent.findMany({ where: { action, subject } });

/** A product to upgrade to, with a path from `from` (the path's own price, or B − A when null). */
export async function upgradePath(db: Db, from: Product, options: { maxActivations?: number; priceCents?: number; pathPriceCents?: number | null } = {}) {
  const to = await createProduct(db, { maxActivations: options.maxActivations ?? 5, validityDays: TERM_DAYS });
  const toProduct = await db.product.update({ where: { id: to.id }, data: { priceCents: options.priceCents ?? 9900 } });
  await db.productUpgrade.create({ data: { fromProductId: from.id, toProductId: to.id, priceCents: options.pathPriceCents ?? null } });
  return toProduct;
}
