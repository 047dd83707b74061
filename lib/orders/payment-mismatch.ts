// An order whose payment did not match it (lib/payments/payment-check.ts) is held: still pending,
// no keys, flagged for review with an audit entry saying what differed, for Admin → Orders.
import { z } from "zod";
import type { DbClient } from "../db";
import { recordAuditEvent } from "../licenses/audit";
import { formatPrice } from "../products/format";

export const PAYMENT_MISMATCH_ACTION = "order.payment_mismatch";

const moneySchema = z.object({ amountCents: z.number().int().nullable(), currency: z.string().nullable() });

export const paymentMismatchSchema = z.object({
  differences: z.array(z.enum(["amount", "currency"])),
  expected: z.object({ amountCents: z.number().int(), currency: z.string() }),
  paid: moneySchema,
});
export type PaymentMismatch = z.infer<typeof paymentMismatchSchema>;

/**
 * Holds a pending order instead of fulfilling it: the Needs review flag goes up and the audit log
 * records what was expected and what was paid. Only a pending order is held (like fulfilOrder, a
 * late event changes nothing on a paid, refunded or cancelled one); the webhook's event id makes
 * each event do this once. True when the order was held.
 */
export async function holdOrderForPaymentReview(
  tx: DbClient,
  input: { orderId: string; mismatch: PaymentMismatch; actor: string },
): Promise<boolean> {
  const { count } = await tx.order.updateMany({ where: { id: input.orderId, status: "pending" }, data: { needsReview: true } });
  if (count === 0) return false;
  await recordAuditEvent(tx, {
    actor: input.actor,
    action: PAYMENT_MISMATCH_ACTION,
    subject: `order:${input.orderId}`,
    details: input.mismatch,
  });
  return true;
}

/** The latest payment mismatch recorded for an order, for Admin to explain its flag; null when none. */
export async function getLatestPaymentMismatch(db: DbClient, orderId: string): Promise<PaymentMismatch | null> {
  const entry = await db.auditEvent.findFirst({
    where: { action: PAYMENT_MISMATCH_ACTION, subject: `order:${orderId}` },
    orderBy: [{ at: "desc" }, { id: "desc" }],
    select: { details: true },
  });
  if (!entry?.details) return null;
  try {
    const parsed = paymentMismatchSchema.safeParse(JSON.parse(entry.details));
    return parsed.success ? parsed.data : null;
  } catch {
    return null; // not JSON: an entry this module did not write
  }
}

/** "$1.00", "no amount", or "9800 XYZ" when the currency is not one Intl knows. */
function describeMoney(money: { amountCents: number | null; currency: string | null }): string {
  if (money.amountCents === null) return "no amount";
  const currency = money.currency ?? "";
  try {
    return formatPrice(money.amountCents, currency);
  } catch {
    return `${money.amountCents} ${currency.toUpperCase()}`.trim(); // an unknown or missing currency code
  }
}

/** For Admin: "Stripe reported a payment of €98.00 for this order of $98.00, so no keys were issued." */
export function describePaymentMismatch(mismatch: PaymentMismatch): string {
  return `Stripe reported a payment of ${describeMoney(mismatch.paid)} for this order of ${describeMoney(mismatch.expected)}, so no keys were issued.`;
}
