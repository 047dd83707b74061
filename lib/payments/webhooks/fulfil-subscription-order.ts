// A yearly product's first payment: checkout.session.completed (subscription mode) and the first
// invoice's invoice.paid (billing_reason subscription_create) arrive in either order. Whichever
// comes first fulfils the order with the period the invoice paid for; the other changes nothing.
import type { Db, DbClient } from "../../db";
import { fulfilOrder } from "../../orders/fulfil-order";
import { holdOrderForPaymentReview } from "../../orders/payment-mismatch";
import { linkSubscriptionKey } from "../../subscriptions/subscription-state";
import { comparePaymentWithOrder } from "../payment-check";
import type { InvoiceInfo } from "../stripe-objects";
import { recordPaymentIntent } from "./find-order";
import { STRIPE_ACTOR } from "./types";

/**
 * Fulfils a subscription's first order from its paid first invoice: the key expires at the end of
 * the period paid for. Like a one-off payment (fulfil-paid-session.ts), keys are issued only for
 * exactly the order's amount and currency; otherwise the order is held for review. The invoice's
 * payment intent is recorded on the order, so a refund or dispute of that charge finds it.
 */
export async function fulfilSubscriptionOrder(
  db: Db,
  tx: DbClient,
  input: { orderId: string; subscriptionId: string; invoice: InvoiceInfo },
): Promise<void> {
  const { invoice, orderId } = input;
  await recordPaymentIntent(tx, orderId, invoice.paymentIntentId);
  const order = await tx.order.findUniqueOrThrow({ where: { id: orderId }, select: { status: true, amountCents: true, currency: true } });
  if (order.status === "pending") {
    const paid = { amountCents: invoice.amountPaidCents, currency: invoice.currency };
    const differences = comparePaymentWithOrder(order, paid);
    if (differences.length === 0) {
      await fulfilOrder(db, orderId, STRIPE_ACTOR, tx, invoice.periodEnd ? { periodEnd: invoice.periodEnd } : {});
    } else {
      const expected = { amountCents: order.amountCents, currency: order.currency };
      await holdOrderForPaymentReview(tx, { orderId, mismatch: { differences, expected, paid }, actor: STRIPE_ACTOR });
    }
  }
  await linkSubscriptionKey(tx, input.subscriptionId, orderId);
}
