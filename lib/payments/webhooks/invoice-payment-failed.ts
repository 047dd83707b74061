// invoice.payment_failed: Stripe could not charge the customer (an expired card, say). The
// subscription is past due and Stripe retries on its schedule; the key is left as it is, valid
// until the period it was paid for ends. The customer is told, with a link to the key's page,
// where "Manage billing" opens Stripe's billing portal to update the card.
import { notifySubscriptionPaymentFailed } from "../../subscriptions/notify-payment-failed";
import { applySubscriptionState, findSubscriptionOrderId, upsertSubscription } from "../../subscriptions/subscription-state";
import { toInvoice } from "../stripe-objects";
import type { WebhookHandler } from "./types";

export const handleInvoicePaymentFailed: WebhookHandler = async (object, { db, eventCreated }) => {
  const invoice = toInvoice(object);
  const subscriptionId = invoice.subscriptionId;
  if (!subscriptionId) return null;
  const orderId = await findSubscriptionOrderId(db, invoice);
  if (!orderId) return null;
  return async (tx) => {
    if (!(await upsertSubscription(tx, { id: subscriptionId, provider: "stripe", orderId, customerId: invoice.customerId }))) return;
    // Only the latest news is worth an email: a failure older than a payment applied since says nothing true.
    const applied = await applySubscriptionState(tx, { id: subscriptionId, at: eventCreated, state: { status: "past_due" } });
    if (applied) await notifySubscriptionPaymentFailed(tx, { subscriptionId, amountCents: invoice.amountDueCents, currency: invoice.currency });
  };
};
