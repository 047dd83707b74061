// Shared steps for the subscription tests: a yearly product bought through the real checkout code
// (Stripe Checkout in subscription mode against the fake server, or the demo checkout), and the
// readings every test makes of the order, its key and its Subscription row.
import type { Db } from "../../../lib/db";
import { beginCheckout } from "../../../lib/payments/begin-checkout";
import { createCustomer, createProduct } from "../../helpers/factories";
import type { FakeStripe } from "../../helpers/fake-stripe";

export const PRICE_CENTS = 4900;

/** A yearly product (365-day keys, 3 sites, $49). */
export async function createYearlyProduct(db: Db) {
  const product = await createProduct(db, { maxActivations: 3, validityDays: 365 });
  return db.product.update({ where: { id: product.id }, data: { billing: "yearly", priceCents: PRICE_CENTS } });
}

/** A customer starts buying a yearly product: a pending order and its Checkout Session (nothing paid yet). */
export async function startSubscriptionPurchase(db: Db, fake: FakeStripe) {
  fake.outbox.length = 0;
  const customer = await createCustomer(db);
  const product = await createYearlyProduct(db);
  const { orderId, redirectUrl } = await beginCheckout(db, { user: { id: customer.id, email: customer.email }, productSlug: product.slug, quantity: 1 });
  const order = await db.order.findUniqueOrThrow({ where: { id: orderId } });
  if (!order.stripeCheckoutSessionId) throw new Error("checkout did not record its session");
  return { customer, product, orderId, sessionId: order.stripeCheckoutSessionId, redirectUrl };
}

export const seconds = (s: number) => new Date(s * 1000);

export const keysOf = (db: Db, orderId: string) => db.license.findMany({ where: { orderItem: { orderId } }, orderBy: { id: "asc" } });

export const subscriptionOf = (db: Db, id: string) => db.subscription.findUniqueOrThrow({ where: { id } });

export const renewalOrdersOf = (db: Db, licenseId: string) =>
  db.order.findMany({ where: { items: { some: { kind: "renewal", targetLicenseId: licenseId } } }, include: { items: true }, orderBy: { createdAt: "asc" } });

export const emailsTo = (db: Db, recipient: string, kind: string) =>
  db.emailMessage.findMany({ where: { recipient, kind }, orderBy: { createdAt: "asc" } });
