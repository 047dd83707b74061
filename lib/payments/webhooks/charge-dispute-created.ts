// charge.dispute.created: a chargeback. Every key of the order is revoked ("Payment disputed").
import { disputeOrder } from "../../orders/dispute-order";
import { toDispute } from "../stripe-objects";
import { findOrderIdForPayment } from "./find-order";
import { STRIPE_ACTOR, type WebhookHandler } from "./types";

export const handleChargeDisputeCreated: WebhookHandler = async (object, { db }) => {
  const dispute = toDispute(object);
  const orderId = await findOrderIdForPayment(db, { paymentIntentId: dispute.paymentIntentId });
  if (!orderId) return null;
  return async (tx) => {
    await disputeOrder(db, { orderId, actor: STRIPE_ACTOR }, tx);
  };
};
