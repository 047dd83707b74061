// checkout.session.async_payment_succeeded: a delayed payment (bank debit, transfer) cleared: fulfil.
import { fulfilOrder } from "../../orders/fulfil-order";
import { toCheckoutSession } from "../stripe-objects";
import { findOrderIdForSession, recordPaymentIntent } from "./find-order";
import { STRIPE_ACTOR, type WebhookHandler } from "./types";

export const handleCheckoutSessionAsyncPaymentSucceeded: WebhookHandler = async (object, { db }) => {
  const session = toCheckoutSession(object);
  const orderId = await findOrderIdForSession(db, session);
  if (!orderId) return null;
  return async (tx) => {
    await recordPaymentIntent(tx, orderId, session.paymentIntentId);
    await fulfilOrder(db, orderId, STRIPE_ACTOR, tx);
  };
};
