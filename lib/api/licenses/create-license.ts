import type { Db } from "../../db";
import { issueLicense } from "../../licenses/issue-license";
import { apiError } from "../errors";
import type { IssueLicenseBody, LicenseObject } from "./schemas";
import { licenseObjectInclude, serializeLicense } from "./serialize-license";

/**
 * Issues a key for an existing customer and product through issueLicense, the one way keys are
 * made (limits and validity default to the product's; the product name is snapshotted). The
 * metadata is written in the same transaction, so a key never exists without it.
 */
export async function createLicense(db: Db, body: IssueLicenseBody, actor: string): Promise<LicenseObject> {
  const [customer, product] = await Promise.all([
    db.user.findUnique({ where: body.customer_id ? { id: body.customer_id } : { email: body.customer_email ?? "" }, select: { id: true } }),
    db.product.findUnique({ where: body.product_id ? { id: body.product_id } : { slug: body.product_slug ?? "" } }),
  ]);
  if (!customer) throw apiError("CUSTOMER_NOT_FOUND", "No customer with that id or email");
  if (!product) throw apiError("PRODUCT_NOT_FOUND", "No product with that id or slug");

  const row = await db.$transaction(async (tx) => {
    const license = await issueLicense(tx, {
      userId: customer.id,
      product,
      maxActivations: body.max_activations,
      expiresAt: body.expires_at === undefined ? undefined : body.expires_at === null ? null : new Date(body.expires_at),
      actor,
    });
    if (!body.metadata) return tx.license.findUniqueOrThrow({ where: { id: license.id }, include: licenseObjectInclude });
    return tx.license.update({
      where: { id: license.id },
      data: { metadata: JSON.stringify(body.metadata) },
      include: licenseObjectInclude,
    });
  });
  return serializeLicense(row);
}
