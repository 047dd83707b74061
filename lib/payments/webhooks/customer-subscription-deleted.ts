// customer.subscription.deleted: the subscription ended (cancelled by the customer or the owner,
// or after its payment retries ran out). No more renewals: the key keeps its expiry and lapses
// then, and Account → Licenses offers the ordinary Renew again. Terminal: applies whatever arrived before.
import { applySubscriptionState, findSubscriptionOrderId, upsertSubscription } from "../../subscriptions/subscription-state";
import { toSubscription } from "../stripe-objects";
import type { WebhookHandler } from "./types";

export const handleCustomerSubscriptionDeleted: WebhookHandler = async (object, { db, eventCreated }) => {
  const subscription = toSubscription(object);
  const orderId = await findSubscriptionOrderId(db, { subscriptionId: subscription.id, orderId: subscription.orderId });
  if (!orderId) return null;
  return async (tx) => {
    if (!(await upsertSubscription(tx, { id: subscription.id, provider: "stripe", orderId, customerId: subscription.customerId }))) return;
    await applySubscriptionState(tx, { id: subscription.id, at: eventCreated, state: { status: "canceled" }, terminal: true });
  };
};
