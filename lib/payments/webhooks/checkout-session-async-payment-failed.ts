// checkout.session.async_payment_failed: a delayed payment did not clear: the order failed (no keys).
import { closePendingOrder } from "../../orders/close-order";
import { toCheckoutSession } from "../stripe-objects";
import { findOrderIdForSession } from "./find-order";
import { STRIPE_ACTOR, type WebhookHandler } from "./types";

export const handleCheckoutSessionAsyncPaymentFailed: WebhookHandler = async (object, { db }) => {
  const orderId = await findOrderIdForSession(db, toCheckoutSession(object));
  if (!orderId) return null;
  return async (tx) => {
    await closePendingOrder(tx, { orderId, status: "failed", actor: STRIPE_ACTOR });
  };
};
