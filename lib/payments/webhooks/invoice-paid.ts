// invoice.paid: a subscription was paid for a period. The first invoice (subscription_create)
// fulfils the order if checkout.session.completed has not; a renewal (subscription_cycle) records
// one renewal order that runs the same key to the new period's end. Other invoices (a proration,
// a manual one) only refresh the subscription's state.
import { applySubscriptionState, findSubscriptionOrderId, upsertSubscription } from "../../subscriptions/subscription-state";
import { retrieveInvoicePaymentIntentId } from "../stripe";
import { toInvoice } from "../stripe-objects";
import { fulfilSubscriptionOrder } from "./fulfil-subscription-order";
import { renewFromInvoice } from "./renew-from-invoice";
import type { WebhookHandler } from "./types";

export const handleInvoicePaid: WebhookHandler = async (object, { db, eventCreated }) => {
  const parsed = toInvoice(object);
  const subscriptionId = parsed.subscriptionId;
  if (!subscriptionId) return null; // not a subscription's invoice
  const orderId = await findSubscriptionOrderId(db, parsed);
  if (!orderId) return null;
  // Recent API versions leave the payment intent out of invoice payloads: ask Stripe, so a refund
  // or dispute of this charge (which names only the payment intent) finds its order.
  const paymentIntentId = parsed.paymentIntentId ?? (parsed.amountPaidCents > 0 ? await retrieveInvoicePaymentIntentId(parsed.id) : null);
  const invoice = { ...parsed, paymentIntentId };
  return async (tx) => {
    if (!(await upsertSubscription(tx, { id: subscriptionId, provider: "stripe", orderId, customerId: invoice.customerId }))) return;
    if (invoice.billingReason === "subscription_create") await fulfilSubscriptionOrder(db, tx, { orderId, subscriptionId, invoice });
    else if (invoice.billingReason === "subscription_cycle") await renewFromInvoice(db, tx, { orderId, subscriptionId, invoice });
    await applySubscriptionState(tx, {
      id: subscriptionId,
      at: eventCreated,
      state: { status: "active", ...(invoice.periodEnd ? { currentPeriodEnd: { raise: invoice.periodEnd } } : {}) },
    });
  };
};
