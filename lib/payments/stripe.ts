// THE one module that talks to Stripe. The client is created on first use, never at import time
// (`next build` imports every route, and `new Stripe("")` would break it). STRIPE_API_BASE sends
// the calls to a local fake server in tests; the SDK's host/port/protocol options point at it.
import { createHash } from "node:crypto";
import Stripe from "stripe";
import { getEnv } from "../env";
import { ApiError } from "../http/api-error";
import type { OrderWithItems } from "../orders/create-order";
import { encodeLicenseIds } from "./refund-metadata";
import {
  orderIdOfPaymentIntent,
  paymentIntentOfInvoicePayments,
  toCheckoutSession,
  toInvoice,
  toRefund,
  type CheckoutSessionInfo,
  type InvoiceInfo,
  type RefundInfo,
} from "./stripe-objects";

let cached: { key: string; client: Stripe } | undefined;

/** The configured client; only in Stripe payments mode (both keys set). */
function stripe(): Stripe {
  const env = getEnv();
  if (env.payments !== "stripe" || !env.STRIPE_SECRET_KEY) {
    throw new ApiError(503, "PAYMENTS_UNAVAILABLE", "Stripe payments are not configured");
  }
  if (cached?.key !== env.STRIPE_SECRET_KEY) {
    const base = env.STRIPE_API_BASE ? new URL(env.STRIPE_API_BASE) : null;
    const protocol = base?.protocol === "http:" ? "http" : "https";
    cached = {
      key: env.STRIPE_SECRET_KEY,
      client: new Stripe(env.STRIPE_SECRET_KEY, {
        maxNetworkRetries: 2,
        timeout: 20_000,
        ...(base ? { host: base.hostname, port: base.port || (protocol === "http" ? 80 : 443), protocol } : {}),
      }),
    };
  }
  return cached.client;
}

/** What a buyer sees for an order line at Checkout (and on Stripe's receipt). */
function lineName(item: OrderWithItems["items"][number]): string {
  if (item.kind === "renewal") return `Renewal: ${item.productName}`;
  if (item.kind === "upgrade") return `Upgrade to ${item.productName}`;
  return item.productName;
}

/**
 * A Checkout Session for a pending order, priced line by line from the order (itself priced from
 * our database). The order id travels as client_reference_id and in the metadata of the session
 * and of its payment intent (one-off payment) or subscription (`subscription: true`: a yearly
 * product, charged again every year), so every later event (session, invoice, charge, refund,
 * dispute) leads back to the order. Idempotent per order: a double click returns the same session.
 */
export async function createCheckoutSession(
  order: OrderWithItems,
  customerEmail: string,
  { subscription = false }: { subscription?: boolean } = {},
): Promise<{ id: string; url: string }> {
  const { publicUrl } = getEnv();
  const metadata = { order_id: order.id };
  const lineItems = order.items.map((item) => ({
    quantity: item.quantity,
    price_data: {
      currency: order.currency,
      unit_amount: item.unitPriceCents,
      product_data: { name: lineName(item) },
      ...(subscription ? { recurring: { interval: "year" as const } } : {}),
    },
  }));
  const session = await stripe().checkout.sessions.create(
    {
      mode: subscription ? "subscription" : "payment",
      client_reference_id: order.id,
      customer_email: customerEmail,
      line_items: lineItems,
      metadata,
      ...(subscription ? { subscription_data: { metadata } } : { payment_intent_data: { metadata } }),
      success_url: `${publicUrl}/checkout/success?order=${encodeURIComponent(order.id)}`,
      cancel_url: `${publicUrl}/checkout/cancel?order=${encodeURIComponent(order.id)}`,
    },
    { idempotencyKey: `checkout-session:${order.id}` },
  );
  if (!session.url) throw new Error(`Stripe returned checkout session ${session.id} without a URL`);
  return { id: session.id, url: session.url };
}

/** A session's payment state, for the success page to say "payment received" (it never fulfils). */
export async function retrieveCheckoutSession(sessionId: string): Promise<CheckoutSessionInfo> {
  return toCheckoutSession(await stripe().checkout.sessions.retrieve(sessionId));
}

/**
 * Refunds part or all of a payment and names the refunded keys in the refund's metadata, so the
 * charge.refunded webhook revokes exactly those keys. The idempotency key is derived from the
 * refund's content, so a retried request never refunds twice.
 */
export async function createRefund(input: {
  orderId: string;
  paymentIntentId: string;
  amountCents: number;
  licenseIds: string[];
  /** What was refunded before this one: part of the idempotency key, so a second refund is distinct. */
  refundedBeforeCents: number;
}): Promise<RefundInfo> {
  const fingerprint = createHash("sha256")
    .update(JSON.stringify([input.orderId, input.amountCents, input.refundedBeforeCents, [...input.licenseIds].sort()]))
    .digest("hex")
    .slice(0, 32);
  const refund = await stripe().refunds.create(
    {
      payment_intent: input.paymentIntentId,
      amount: input.amountCents,
      reason: "requested_by_customer",
      metadata: { order_id: input.orderId, ...encodeLicenseIds(input.licenseIds) },
    },
    { idempotencyKey: `refund:${fingerprint}` },
  );
  return toRefund(refund);
}

/** Every refund of a charge (charge.refunded payloads no longer list them). */
export async function listChargeRefunds(chargeId: string): Promise<RefundInfo[]> {
  const refunds = await stripe().refunds.list({ charge: chargeId, limit: 100 }).autoPagingToArray({ limit: 10_000 });
  return refunds.map(toRefund);
}

/** Our order id from a payment intent's metadata: the way back to the order when an event comes first. */
export async function retrievePaymentIntentOrderId(paymentIntentId: string): Promise<string | null> {
  return orderIdOfPaymentIntent(await stripe().paymentIntents.retrieve(paymentIntentId));
}

/** An invoice as Stripe has it now (a subscription Checkout's first invoice, for its period end). */
export async function retrieveInvoice(invoiceId: string): Promise<InvoiceInfo> {
  return toInvoice(await stripe().invoices.retrieve(invoiceId));
}

/** The payment intent that paid an invoice (2025+ API versions list it among the invoice's payments). */
export async function retrieveInvoicePaymentIntentId(invoiceId: string): Promise<string | null> {
  return paymentIntentOfInvoicePayments(await stripe().invoicePayments.list({ invoice: invoiceId, limit: 10 }));
}

/**
 * A Stripe billing portal session for a customer: they update their card or cancel there, and
 * come back to `returnUrl`. The portal's options are set in the Stripe Dashboard.
 */
export async function createBillingPortalSession(customerId: string, returnUrl: string): Promise<{ url: string }> {
  const session = await stripe().billingPortal.sessions.create({ customer: customerId, return_url: returnUrl });
  return { url: session.url };
}

/** Ends a subscription at once: it charges no more (customer.subscription.deleted follows). */
export async function cancelSubscription(subscriptionId: string): Promise<void> {
  await stripe().subscriptions.cancel(subscriptionId, {}, { idempotencyKey: `cancel-subscription:${subscriptionId}` });
}

export class WebhookSignatureError extends Error {}

/**
 * Checks the Stripe-Signature header against the RAW request body (re-serialised JSON would not
 * match) and the endpoint's secret, within Stripe's default five-minute tolerance.
 */
export function constructWebhookEvent(
  payload: Buffer | string,
  signature: string,
  secret: string,
): { id: string; type: string; created: Date; object: unknown } {
  try {
    const event = Stripe.webhooks.constructEvent(payload, signature, secret);
    return { id: event.id, type: event.type, created: new Date(event.created * 1000), object: event.data.object };
  } catch (error) {
    if (error instanceof Stripe.errors.StripeSignatureVerificationError) throw new WebhookSignatureError(error.message);
    throw error;
  }
}
