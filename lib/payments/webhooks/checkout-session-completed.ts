// checkout.session.completed: the buyer finished Checkout. Paid (cards) → fulfil now, if the amount
// and currency match the order (else held for review). Unpaid (a delayed method such as a bank
// debit) → the order waits for async_payment_succeeded or _failed. Subscription mode (a yearly
// product): the subscription is recorded, and the order is fulfilled from its first invoice,
// unless that invoice's invoice.paid came first.
import { applySubscriptionState, upsertSubscription } from "../../subscriptions/subscription-state";
import { retrieveInvoice, retrieveInvoicePaymentIntentId } from "../stripe";
import { toCheckoutSession, type InvoiceInfo } from "../stripe-objects";
import { findOrderIdForSession, recordPaymentIntent } from "./find-order";
import { fulfilPaidSession } from "./fulfil-paid-session";
import { fulfilSubscriptionOrder } from "./fulfil-subscription-order";
import type { WebhookHandler } from "./types";

export const handleCheckoutSessionCompleted: WebhookHandler = async (object, { db, eventCreated }) => {
  const session = toCheckoutSession(object);
  const orderId = await findOrderIdForSession(db, session);
  if (!orderId) return null;
  const subscription = session.subscription;
  if (subscription) {
    // The period paid for is on the first invoice, not the session: read it before the transaction.
    let invoice: InvoiceInfo | null = null;
    if (session.paid && subscription.invoiceId) {
      const fetched = await retrieveInvoice(subscription.invoiceId);
      const paymentIntentId = fetched.paymentIntentId ?? (fetched.amountPaidCents > 0 ? await retrieveInvoicePaymentIntentId(fetched.id) : null);
      invoice = { ...fetched, paymentIntentId };
    }
    return async (tx) => {
      const ours = await upsertSubscription(tx, { id: subscription.id, provider: "stripe", orderId, customerId: subscription.customerId });
      if (!ours || !session.paid) return;
      await applySubscriptionState(tx, { id: subscription.id, at: eventCreated, state: { status: "active" } });
      // An invoice not yet paid (it should be, with a paid session) waits for its own invoice.paid.
      if (invoice?.paid) await fulfilSubscriptionOrder(db, tx, { orderId, subscriptionId: subscription.id, invoice });
    };
  }
  return async (tx) => {
    await recordPaymentIntent(tx, orderId, session.paymentIntentId);
    if (session.paid) await fulfilPaidSession(db, tx, orderId, session);
  };
};
