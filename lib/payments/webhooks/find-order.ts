import type { DbClient } from "../../db";
import { retrievePaymentIntentOrderId } from "../stripe";
import type { CheckoutSessionInfo } from "../stripe-objects";

/**
 * The order a Checkout Session was created for: by its session id, else by the order id it
 * carries (client_reference_id / metadata). A session that names an order tied to another
 * session is not trusted.
 */
export async function findOrderIdForSession(db: DbClient, session: CheckoutSessionInfo): Promise<string | null> {
  const bySession = await db.order.findUnique({ where: { stripeCheckoutSessionId: session.id }, select: { id: true } });
  if (bySession) return bySession.id;
  if (!session.orderId) return null;
  const order = await db.order.findUnique({
    where: { id: session.orderId },
    select: { id: true, provider: true, stripeCheckoutSessionId: true },
  });
  if (!order || order.provider !== "stripe") return null;
  if (order.stripeCheckoutSessionId && order.stripeCheckoutSessionId !== session.id) return null;
  return order.id;
}

/**
 * The order a payment (charge, refund, dispute) belongs to: by its payment intent, recorded when
 * the checkout completed. An event that arrives before that (out of order) is traced through the
 * order id in the charge's metadata or, failing that, in the payment intent's metadata at Stripe.
 */
export async function findOrderIdForPayment(
  db: DbClient,
  payment: { paymentIntentId: string | null; orderId?: string | null },
): Promise<string | null> {
  if (payment.paymentIntentId) {
    const byIntent = await db.order.findUnique({ where: { stripePaymentIntentId: payment.paymentIntentId }, select: { id: true } });
    if (byIntent) return byIntent.id;
  }
  const orderId =
    payment.orderId ?? (payment.paymentIntentId ? await retrievePaymentIntentOrderId(payment.paymentIntentId) : null);
  if (!orderId) return null;
  const order = await db.order.findUnique({ where: { id: orderId }, select: { id: true, provider: true, stripePaymentIntentId: true } });
  if (!order || order.provider !== "stripe") return null;
  if (order.stripePaymentIntentId && payment.paymentIntentId && order.stripePaymentIntentId !== payment.paymentIntentId) return null;
  return order.id;
}

/** Remembers the payment intent of an order the first time an event names it. */
export async function recordPaymentIntent(tx: DbClient, orderId: string, paymentIntentId: string | null): Promise<void> {
  if (!paymentIntentId) return;
  await tx.order.updateMany({ where: { id: orderId, stripePaymentIntentId: null }, data: { stripePaymentIntentId: paymentIntentId } });
}
