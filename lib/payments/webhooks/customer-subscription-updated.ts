// customer.subscription.updated: its status, whether it renews (the customer may cancel at the
// period's end in the billing portal) and its current period. A late, older update changes nothing.
import { applySubscriptionState, findSubscriptionOrderId, upsertSubscription } from "../../subscriptions/subscription-state";
import { toSubscription } from "../stripe-objects";
import type { WebhookHandler } from "./types";

export const handleCustomerSubscriptionUpdated: WebhookHandler = async (object, { db, eventCreated }) => {
  const subscription = toSubscription(object);
  const orderId = await findSubscriptionOrderId(db, { subscriptionId: subscription.id, orderId: subscription.orderId });
  if (!orderId) return null;
  return async (tx) => {
    if (!(await upsertSubscription(tx, { id: subscription.id, provider: "stripe", orderId, customerId: subscription.customerId }))) return;
    await applySubscriptionState(tx, {
      id: subscription.id,
      at: eventCreated,
      state: { status: subscription.status, cancelAtPeriodEnd: subscription.cancelAtPeriodEnd, currentPeriodEnd: { set: subscription.currentPeriodEnd } },
    });
  };
};
