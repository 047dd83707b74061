// Raw Stripe objects (webhook payloads and API answers) parsed into the few fields the store uses.
// Parse, don't cast: a payload of an unexpected shape fails here, loudly, not deep in a handler.
import { z } from "zod";
import { decodeLicenseIds } from "./refund-metadata";

const metadataSchema = z.record(z.string(), z.string()).nullish().transform((m) => m ?? {});
/** An id, or the expanded object carrying it. */
const idOf = z.union([z.string(), z.object({ id: z.string() })]).nullish().transform((v) => (v == null ? null : typeof v === "string" ? v : v.id));

const checkoutSessionSchema = z.object({
  id: z.string(),
  client_reference_id: z.string().nullish(),
  metadata: metadataSchema,
  payment_status: z.enum(["paid", "unpaid", "no_payment_required"]),
  payment_intent: idOf,
  url: z.string().nullish(),
  amount_total: z.number().int().nullish(),
  currency: z.string().nullish(),
  mode: z.string().nullish(),
  subscription: idOf,
  customer: idOf,
  invoice: idOf,
});

export type CheckoutSessionInfo = {
  id: string;
  /** Our order id: client_reference_id, else metadata.order_id. */
  orderId: string | null;
  paid: boolean;
  paymentIntentId: string | null;
  url: string | null;
  /** What the buyer pays, in the smallest currency unit, and in which currency; null when Stripe did not say. */
  amountTotal: number | null;
  currency: string | null;
  /** Subscription mode (a yearly product): its subscription, customer and first invoice. */
  subscription: { id: string; customerId: string | null; invoiceId: string | null } | null;
};

export function toCheckoutSession(raw: unknown): CheckoutSessionInfo {
  const session = checkoutSessionSchema.parse(raw);
  return {
    id: session.id,
    orderId: session.client_reference_id ?? session.metadata.order_id ?? null,
    paid: session.payment_status !== "unpaid",
    paymentIntentId: session.payment_intent,
    url: session.url ?? null,
    amountTotal: session.amount_total ?? null,
    currency: session.currency?.toLowerCase() ?? null,
    subscription:
      session.mode === "subscription" && session.subscription
        ? { id: session.subscription, customerId: session.customer, invoiceId: session.invoice }
        : null,
  };
}

const refundSchema = z.object({
  id: z.string(),
  amount: z.number().int(),
  status: z.string().nullish(),
  metadata: metadataSchema,
});

export type RefundInfo = { id: string; amountCents: number; licenseIds: string[]; counts: boolean };

export function toRefund(raw: unknown): RefundInfo {
  const refund = refundSchema.parse(raw);
  return {
    id: refund.id,
    amountCents: refund.amount,
    licenseIds: decodeLicenseIds(refund.metadata),
    // A failed or cancelled refund gave no money back: it revokes nothing.
    counts: refund.status !== "failed" && refund.status !== "canceled",
  };
}

const chargeSchema = z.object({
  id: z.string(),
  amount: z.number().int(),
  amount_refunded: z.number().int(),
  refunded: z.boolean(),
  payment_intent: idOf,
  metadata: metadataSchema,
  refunds: z.object({ data: z.array(z.unknown()), has_more: z.boolean() }).nullish(),
});

export type ChargeInfo = {
  id: string;
  paymentIntentId: string | null;
  orderId: string | null;
  amountCents: number;
  amountRefundedCents: number;
  fullyRefunded: boolean;
  /** The charge's refunds when the payload lists all of them; null when they must be fetched. */
  refunds: RefundInfo[] | null;
};

export function toCharge(raw: unknown): ChargeInfo {
  const charge = chargeSchema.parse(raw);
  const complete = charge.refunds && !charge.refunds.has_more;
  return {
    id: charge.id,
    paymentIntentId: charge.payment_intent,
    orderId: charge.metadata.order_id ?? null,
    amountCents: charge.amount,
    amountRefundedCents: charge.amount_refunded,
    fullyRefunded: charge.refunded || charge.amount_refunded >= charge.amount,
    refunds: complete && charge.refunds ? charge.refunds.data.map(toRefund) : null,
  };
}

const disputeSchema = z.object({
  id: z.string(),
  charge: idOf,
  payment_intent: idOf,
  metadata: metadataSchema,
});

export type DisputeInfo = { id: string; chargeId: string | null; paymentIntentId: string | null };

export function toDispute(raw: unknown): DisputeInfo {
  const dispute = disputeSchema.parse(raw);
  return { id: dispute.id, chargeId: dispute.charge, paymentIntentId: dispute.payment_intent };
}

const paymentIntentSchema = z.object({ id: z.string(), metadata: metadataSchema });

/** Our order id from a PaymentIntent's metadata (set through payment_intent_data at checkout). */
export function orderIdOfPaymentIntent(raw: unknown): string | null {
  return paymentIntentSchema.parse(raw).metadata.order_id ?? null;
}

// ---- Subscriptions and their invoices -----------------------------------------------------------
// Both API shapes are accepted: before 2025 an invoice named its subscription and payment intent
// directly and a subscription carried current_period_end; since then the subscription is under
// `parent.subscription_details`, payments are listed in `payments` (an includable field, absent
// from webhooks: ask Stripe), and the period end lives on each subscription item.

const invoiceSchema = z.object({
  id: z.string(),
  customer: idOf,
  billing_reason: z.string().nullish(),
  status: z.string().nullish(),
  amount_paid: z.number().int(),
  amount_due: z.number().int().nullish(),
  currency: z.string(),
  parent: z.object({ subscription_details: z.object({ subscription: idOf, metadata: metadataSchema }).nullish() }).nullish(),
  subscription: idOf, // API versions before 2025-03-31
  subscription_details: z.object({ metadata: metadataSchema }).nullish(),
  payment_intent: idOf,
  payments: z
    .object({ data: z.array(z.object({ status: z.string().nullish(), payment: z.object({ payment_intent: idOf }).nullish() })) })
    .nullish(),
  lines: z.object({ data: z.array(z.object({ period: z.object({ end: z.number().int() }).nullish() })) }).nullish(),
});

export type InvoiceInfo = {
  id: string;
  subscriptionId: string | null;
  /** Our order id, from the subscription's metadata (subscription_data.metadata at checkout). */
  orderId: string | null;
  customerId: string | null;
  /** subscription_create (the first payment) | subscription_cycle (a renewal) | subscription_update | manual | … */
  billingReason: string | null;
  paid: boolean;
  amountPaidCents: number;
  /** What it asks for (a failed invoice has paid nothing). */
  amountDueCents: number;
  currency: string;
  /** The end of the period this invoice pays for: the latest end of its lines (not invoice.period_end, the period before). */
  periodEnd: Date | null;
  /** When the payload says; otherwise retrieveInvoicePaymentIntentId asks Stripe. */
  paymentIntentId: string | null;
};

export function toInvoice(raw: unknown): InvoiceInfo {
  const invoice = invoiceSchema.parse(raw);
  const details = invoice.parent?.subscription_details;
  const ends = (invoice.lines?.data ?? []).flatMap((line) => (line.period ? [line.period.end] : []));
  const payment = invoice.payments?.data.find((p) => p.status === "paid" && p.payment?.payment_intent) ?? invoice.payments?.data.find((p) => p.payment?.payment_intent);
  return {
    id: invoice.id,
    subscriptionId: details?.subscription ?? invoice.subscription,
    orderId: details?.metadata.order_id ?? invoice.subscription_details?.metadata.order_id ?? null,
    customerId: invoice.customer,
    billingReason: invoice.billing_reason ?? null,
    paid: invoice.status === "paid",
    amountPaidCents: invoice.amount_paid,
    amountDueCents: invoice.amount_due ?? invoice.amount_paid,
    currency: invoice.currency.toLowerCase(),
    periodEnd: ends.length > 0 ? new Date(Math.max(...ends) * 1000) : null,
    paymentIntentId: invoice.payment_intent ?? payment?.payment?.payment_intent ?? null,
  };
}

const subscriptionSchema = z.object({
  id: z.string(),
  customer: idOf,
  status: z.string(),
  cancel_at_period_end: z.boolean().nullish(),
  cancel_at: z.number().int().nullish(),
  current_period_end: z.number().int().nullish(), // API versions before 2025-03-31
  items: z.object({ data: z.array(z.object({ current_period_end: z.number().int().nullish() })) }).nullish(),
  metadata: metadataSchema,
});

export type SubscriptionInfo = {
  id: string;
  customerId: string | null;
  orderId: string | null;
  status: string;
  /** It will not renew: cancelled at the period's end (or at a set date, which the billing portal may use). */
  cancelAtPeriodEnd: boolean;
  currentPeriodEnd: Date | null;
};

export function toSubscription(raw: unknown): SubscriptionInfo {
  const subscription = subscriptionSchema.parse(raw);
  const itemEnds = (subscription.items?.data ?? []).flatMap((item) => (item.current_period_end ? [item.current_period_end] : []));
  const end = subscription.current_period_end ?? (itemEnds.length > 0 ? Math.max(...itemEnds) : null);
  return {
    id: subscription.id,
    customerId: subscription.customer,
    orderId: subscription.metadata.order_id ?? null,
    status: subscription.status,
    cancelAtPeriodEnd: Boolean(subscription.cancel_at_period_end) || subscription.cancel_at != null,
    currentPeriodEnd: end === null ? null : new Date(end * 1000),
  };
}

const invoicePaymentListSchema = z.object({
  data: z.array(z.object({ status: z.string().nullish(), payment: z.object({ payment_intent: idOf }).nullish() })),
});

/** The payment intent that paid an invoice, from Stripe's list of its payments. */
export function paymentIntentOfInvoicePayments(raw: unknown): string | null {
  const { data } = invoicePaymentListSchema.parse(raw);
  const paid = data.find((p) => p.status === "paid" && p.payment?.payment_intent) ?? data.find((p) => p.payment?.payment_intent);
  return paid?.payment?.payment_intent ?? null;
}
