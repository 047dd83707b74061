// What checkout.session.completed (paid) and checkout.session.async_payment_succeeded share: the
// payment is compared with the order before any key is issued.
import type { Db, DbClient } from "../../db";
import { fulfilOrder } from "../../orders/fulfil-order";
import { holdOrderForPaymentReview } from "../../orders/payment-mismatch";
import { comparePaymentWithOrder } from "../payment-check";
import type { CheckoutSessionInfo } from "../stripe-objects";
import { STRIPE_ACTOR } from "./types";

/**
 * Fulfils the order of a paid Checkout Session only when Stripe reports exactly the order's amount
 * and currency (amount_total, currency). Otherwise (less or more money, another currency, no amount
 * at all) no key is issued: the order stays pending and is held for review, with an audit entry
 * saying what differed. Runs inside the webhook's transaction, with the event id recorded.
 */
export async function fulfilPaidSession(db: Db, tx: DbClient, orderId: string, session: CheckoutSessionInfo): Promise<void> {
  const order = await tx.order.findUniqueOrThrow({ where: { id: orderId }, select: { amountCents: true, currency: true } });
  const paid = { amountCents: session.amountTotal, currency: session.currency };
  const differences = comparePaymentWithOrder(order, paid);
  if (differences.length === 0) {
    await fulfilOrder(db, orderId, STRIPE_ACTOR, tx);
    return;
  }
  const expected = { amountCents: order.amountCents, currency: order.currency };
  await holdOrderForPaymentReview(tx, { orderId, mismatch: { differences, expected, paid }, actor: STRIPE_ACTOR });
}
