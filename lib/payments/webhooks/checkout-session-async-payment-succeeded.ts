// checkout.session.async_payment_succeeded: a delayed payment (bank debit, transfer) cleared: fulfil,
// if the amount and currency match the order (else held for review).
import { toCheckoutSession } from "../stripe-objects";
import { findOrderIdForSession, recordPaymentIntent } from "./find-order";
import { fulfilPaidSession } from "./fulfil-paid-session";
import type { WebhookHandler } from "./types";

export const handleCheckoutSessionAsyncPaymentSucceeded: WebhookHandler = async (object, { db }) => {
  const session = toCheckoutSession(object);
  const orderId = await findOrderIdForSession(db, session);
  if (!orderId) return null;
  return async (tx) => {
    await recordPaymentIntent(tx, orderId, session.paymentIntentId);
    await fulfilPaidSession(db, tx, orderId, session);
  };
};
