// checkout.session.completed: the buyer finished Checkout. Paid (cards) → fulfil now. Unpaid (a
// delayed method such as a bank debit) → the order waits for async_payment_succeeded or _failed.
import { fulfilOrder } from "../../orders/fulfil-order";
import { toCheckoutSession } from "../stripe-objects";
import { findOrderIdForSession, recordPaymentIntent } from "./find-order";
import { STRIPE_ACTOR, type WebhookHandler } from "./types";

export const handleCheckoutSessionCompleted: WebhookHandler = async (object, { db }) => {
  const session = toCheckoutSession(object);
  const orderId = await findOrderIdForSession(db, session);
  if (!orderId) return null;
  return async (tx) => {
    await recordPaymentIntent(tx, orderId, session.paymentIntentId);
    if (session.paid) await fulfilOrder(db, orderId, STRIPE_ACTOR, tx);
  };
};
