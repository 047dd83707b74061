// checkout.session.completed: the buyer finished Checkout. Paid (cards) → fulfil now, if the amount
// and currency match the order (else held for review). Unpaid (a delayed method such as a bank
// debit) → the order waits for async_payment_succeeded or _failed.
import { toCheckoutSession } from "../stripe-objects";
import { findOrderIdForSession, recordPaymentIntent } from "./find-order";
import { fulfilPaidSession } from "./fulfil-paid-session";
import type { WebhookHandler } from "./types";

export const handleCheckoutSessionCompleted: WebhookHandler = async (object, { db }) => {
  const session = toCheckoutSession(object);
  const orderId = await findOrderIdForSession(db, session);
  if (!orderId) return null;
  return async (tx) => {
    await recordPaymentIntent(tx, orderId, session.paymentIntentId);
    if (session.paid) await fulfilPaidSession(db, tx, orderId, session);
  };
};
