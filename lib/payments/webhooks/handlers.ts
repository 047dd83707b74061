// The allow-list: the only Stripe events the store acts on, one handler file each. Any other
// event type is acknowledged (200) and ignored. Enable exactly these on the Stripe endpoint.
import { handleChargeDisputeCreated } from "./charge-dispute-created";
import { handleChargeRefunded } from "./charge-refunded";
import { handleCheckoutSessionAsyncPaymentFailed } from "./checkout-session-async-payment-failed";
import { handleCheckoutSessionAsyncPaymentSucceeded } from "./checkout-session-async-payment-succeeded";
import { handleCheckoutSessionCompleted } from "./checkout-session-completed";
import { handleCheckoutSessionExpired } from "./checkout-session-expired";
import { handleCustomerSubscriptionDeleted } from "./customer-subscription-deleted";
import { handleCustomerSubscriptionUpdated } from "./customer-subscription-updated";
import { handleInvoicePaid } from "./invoice-paid";
import { handleInvoicePaymentFailed } from "./invoice-payment-failed";
import type { WebhookHandler } from "./types";

export const WEBHOOK_HANDLERS = {
  "checkout.session.completed": handleCheckoutSessionCompleted,
  "checkout.session.async_payment_succeeded": handleCheckoutSessionAsyncPaymentSucceeded,
  "checkout.session.async_payment_failed": handleCheckoutSessionAsyncPaymentFailed,
  "checkout.session.expired": handleCheckoutSessionExpired,
  "charge.refunded": handleChargeRefunded,
  "charge.dispute.created": handleChargeDisputeCreated,
  // Yearly products (Stripe subscriptions): renewals, failed payments, cancellation.
  "invoice.paid": handleInvoicePaid,
  "invoice.payment_failed": handleInvoicePaymentFailed,
  "customer.subscription.updated": handleCustomerSubscriptionUpdated,
  "customer.subscription.deleted": handleCustomerSubscriptionDeleted,
} satisfies Record<string, WebhookHandler>;

export type HandledEventType = keyof typeof WEBHOOK_HANDLERS;
export const HANDLED_EVENT_TYPES = Object.keys(WEBHOOK_HANDLERS) as HandledEventType[];

export function handlerFor(type: string): WebhookHandler | null {
  return Object.hasOwn(WEBHOOK_HANDLERS, type) ? WEBHOOK_HANDLERS[type as HandledEventType] : null;
}
