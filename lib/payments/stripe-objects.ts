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
