// checkout.session.expired: the buyer never paid (Checkout sessions expire after 24 hours): cancelled.
import { closePendingOrder } from "../../orders/close-order";
import { toCheckoutSession } from "../stripe-objects";
import { findOrderIdForSession } from "./find-order";
import { STRIPE_ACTOR, type WebhookHandler } from "./types";

export const handleCheckoutSessionExpired: WebhookHandler = async (object, { db }) => {
  const orderId = await findOrderIdForSession(db, toCheckoutSession(object));
  if (!orderId) return null;
  return async (tx) => {
    await closePendingOrder(tx, { orderId, status: "cancelled", actor: STRIPE_ACTOR });
  };
};
