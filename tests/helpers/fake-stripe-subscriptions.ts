// The fake Stripe server's subscriptions (tests only): Checkout in subscription mode starts one,
// with its customer and first invoice; a test then renews it (a cycle invoice, paid or failed),
// cancels it, or refunds an invoice, and the events real Stripe would send are queued. Shapes
// follow the API version the SDK pins (2025+): an invoice names its subscription under
// `parent.subscription_details`, its payment intent only through /v1/invoice_payments, and a
// subscription's period lives on its items.
import { randomBytes } from "node:crypto";
import { now, stripeError } from "./fake-stripe-http";

type Json = Record<string, unknown>;
type Result = { status: number; body: Json };

/** What the billing side needs from the fake server. */
export type FakeStripeCore = {
  readonly baseUrl: string;
  readonly paymentIntents: Map<string, Json>;
  readonly charges: Map<string, Json>;
  queueEvent(type: string, object: Json): unknown;
  chargeIntent(intent: Json): void;
};

const id = (prefix: string) => `${prefix}_test_${randomBytes(12).toString("hex")}`;

/** One year on, like Stripe's yearly interval (UTC calendar). */
export function plusOneYear(seconds: number): number {
  const date = new Date(seconds * 1000);
  date.setUTCFullYear(date.getUTCFullYear() + 1);
  return Math.floor(date.getTime() / 1000);
}

export type SubscriptionCheckout = {
  subscriptionId: string;
  customerId: string;
  invoiceId: string;
  /** The first period's end (what the key should expire at), in Stripe's seconds. */
  periodEnd: number;
};

export class FakeBilling {
  readonly subscriptions = new Map<string, Json>();
  readonly invoices = new Map<string, Json>();
  readonly portalSessions: Json[] = [];
  /** Subscriptions cancelled through the API (DELETE /v1/subscriptions/:id), in order. */
  readonly cancelledByApi: string[] = [];

  constructor(private readonly core: FakeStripeCore) {}

  route(method: string, url: URL, body: Json): Result | null {
    const path = url.pathname;
    const invoice = path.match(/^\/v1\/invoices\/([^/]+)$/);
    if (method === "GET" && invoice) return this.found(this.invoices.get(invoice[1] ?? ""), "invoice");
    const subscription = path.match(/^\/v1\/subscriptions\/([^/]+)$/);
    if (method === "GET" && subscription) return this.found(this.subscriptions.get(subscription[1] ?? ""), "subscription");
    if (method === "GET" && path === "/v1/invoice_payments") return this.listInvoicePayments(url.searchParams.get("invoice"));
    if (method === "POST" && path === "/v1/billing_portal/sessions") return this.createPortalSession(body);
    if (method === "DELETE" && subscription) return this.cancelNow(subscription[1] ?? "");
    return null;
  }

  private found(object: Json | undefined, kind: string): Result {
    return object ? { status: 200, body: publicView(object) } : stripeError(404, "invalid_request_error", `No such ${kind}`);
  }

  /** DELETE /v1/subscriptions/:id: cancels at once (customer.subscription.deleted); a second cancel is refused like Stripe's. */
  private cancelNow(subscriptionId: string): Result {
    const subscription = this.subscriptions.get(subscriptionId);
    if (!subscription) return stripeError(404, "invalid_request_error", "No such subscription");
    if (subscription.status === "canceled") return stripeError(400, "invalid_request_error", "This subscription is already canceled.");
    this.cancel(subscriptionId, { atPeriodEnd: false });
    this.cancelledByApi.push(subscriptionId);
    return { status: 200, body: publicView(subscription) };
  }

  private listInvoicePayments(invoiceId: string | null): Result {
    const invoice = invoiceId ? this.invoices.get(invoiceId) : undefined;
    const data = invoice?._payment_intent
      ? [{ id: id("inpay"), object: "invoice_payment", invoice: invoice.id, status: "paid", is_default: true, payment: { type: "payment_intent", payment_intent: invoice._payment_intent } }]
      : [];
    return { status: 200, body: { object: "list", data, has_more: false, url: "/v1/invoice_payments" } };
  }

  private createPortalSession(body: Json): Result {
    if (!body.customer) return stripeError(400, "invalid_request_error", "Missing required param: customer.");
    const session: Json = {
      id: id("bps"),
      object: "billing_portal.session",
      customer: body.customer,
      return_url: body.return_url ?? null,
      url: `${this.core.baseUrl}/billing/${randomBytes(6).toString("hex")}`,
      created: now(),
      livemode: false,
    };
    this.portalSessions.push(session);
    return { status: 200, body: session };
  }

  /**
   * The buyer pays a subscription-mode Checkout Session: a customer, an active subscription (the
   * session's subscription_data.metadata), its first invoice paid by a card. Queues what Stripe
   * sends (invoice.paid, customer.subscription.updated) and fills in the session; the caller
   * queues checkout.session.completed.
   */
  startSubscription(session: Json): SubscriptionCheckout {
    const customerId = id("cus");
    const start = now();
    const periodEnd = plusOneYear(start);
    const subscription: Json = {
      id: id("sub"),
      object: "subscription",
      customer: customerId,
      status: "active",
      cancel_at_period_end: false,
      cancel_at: null,
      canceled_at: null,
      currency: session.currency,
      metadata: { ...(session._subscription_metadata as Json) },
      items: { object: "list", data: [{ id: id("si"), object: "subscription_item", current_period_start: start, current_period_end: periodEnd }] },
      latest_invoice: null,
      _amount: session.amount_total,
    };
    this.subscriptions.set(String(subscription.id), subscription);
    const invoice = this.createInvoice(subscription, { reason: "subscription_create", start, end: periodEnd, paid: true });
    Object.assign(session, { subscription: subscription.id, customer: customerId, invoice: invoice.id });
    this.core.queueEvent("invoice.paid", publicView(invoice));
    this.core.queueEvent("customer.subscription.updated", publicView(subscription));
    return { subscriptionId: String(subscription.id), customerId, invoiceId: String(invoice.id), periodEnd };
  }

  /**
   * A year passes: Stripe invoices the next period. Paid: invoice.paid and the subscription's new
   * period (customer.subscription.updated). Failed: invoice.payment_failed, and the subscription past_due.
   */
  renew(subscriptionId: string, { paid = true }: { paid?: boolean } = {}): { invoiceId: string; periodEnd: number } {
    const subscription = this.must(subscriptionId);
    const item = firstItem(subscription);
    const start = Number(item.current_period_end);
    const end = plusOneYear(start);
    const invoice = this.createInvoice(subscription, { reason: "subscription_cycle", start, end, paid });
    if (paid) {
      Object.assign(item, { current_period_start: start, current_period_end: end });
      subscription.status = "active";
      this.core.queueEvent("invoice.paid", publicView(invoice));
    } else {
      subscription.status = "past_due";
      this.core.queueEvent("invoice.payment_failed", publicView(invoice));
    }
    this.core.queueEvent("customer.subscription.updated", publicView(subscription));
    return { invoiceId: String(invoice.id), periodEnd: end };
  }

  /** The customer cancels in the billing portal: at the period's end (updated) or now (deleted). */
  cancel(subscriptionId: string, { atPeriodEnd }: { atPeriodEnd: boolean }): void {
    const subscription = this.must(subscriptionId);
    if (atPeriodEnd) {
      subscription.cancel_at_period_end = true;
      this.core.queueEvent("customer.subscription.updated", publicView(subscription));
    } else {
      Object.assign(subscription, { status: "canceled", canceled_at: now(), ended_at: now() });
      this.core.queueEvent("customer.subscription.deleted", publicView(subscription));
    }
  }

  /** The payment intent that paid an invoice (for refunds). */
  paymentIntentOf(invoiceId: string): string {
    const invoice = this.invoices.get(invoiceId);
    if (!invoice?._payment_intent) throw new Error(`fake Stripe: invoice ${invoiceId} was not paid`);
    return String(invoice._payment_intent);
  }

  private createInvoice(subscription: Json, input: { reason: string; start: number; end: number; paid: boolean }): Json {
    const amount = Number(subscription._amount);
    const invoice: Json = {
      id: id("in"),
      object: "invoice",
      customer: subscription.customer,
      billing_reason: input.reason,
      status: input.paid ? "paid" : "open",
      amount_due: amount,
      amount_paid: input.paid ? amount : 0,
      amount_remaining: input.paid ? 0 : amount,
      attempt_count: 1,
      currency: subscription.currency,
      created: now(),
      // Stripe's invoice period is the one *before* the invoice for a renewal: never the period paid for.
      period_start: input.reason === "subscription_cycle" ? input.start - (input.end - input.start) : input.start,
      period_end: input.start,
      parent: {
        type: "subscription_details",
        quote_details: null,
        subscription_details: { subscription: subscription.id, metadata: { ...(subscription.metadata as Json) } },
      },
      lines: {
        object: "list",
        has_more: false,
        data: [{ id: id("il"), object: "line_item", amount, currency: subscription.currency, period: { start: input.start, end: input.end } }],
      },
      _payment_intent: null,
    };
    if (input.paid) {
      // Stripe does not copy a subscription's metadata onto the payment intents of its invoices.
      const intent: Json = { id: id("pi"), object: "payment_intent", amount, currency: subscription.currency, metadata: {}, status: "succeeded", latest_charge: null };
      this.core.paymentIntents.set(String(intent.id), intent);
      this.core.chargeIntent(intent);
      invoice._payment_intent = intent.id;
    }
    this.invoices.set(String(invoice.id), invoice);
    subscription.latest_invoice = invoice.id;
    return invoice;
  }

  private must(subscriptionId: string): Json {
    const subscription = this.subscriptions.get(subscriptionId);
    if (!subscription) throw new Error(`fake Stripe: unknown subscription ${subscriptionId}`);
    return subscription;
  }
}

function firstItem(subscription: Json): Json {
  const item = ((subscription.items as Json).data as Json[])[0];
  if (!item) throw new Error("fake Stripe: a subscription without items");
  return item;
}

export function publicView(object: Json): Json {
  return structuredClone(Object.fromEntries(Object.entries(object).filter(([key]) => !key.startsWith("_"))));
}
