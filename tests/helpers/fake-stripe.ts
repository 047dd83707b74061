// A small local stand-in for the Stripe API, for tests only: it answers the calls the store makes
// (checkout session create/retrieve, refund create/list, payment intent retrieve; subscriptions,
// invoices and billing portal sessions in fake-stripe-subscriptions.ts) in Stripe's shapes,
// records every request (form-decoded, as the SDK sends them), and queues the events real Stripe
// would send, signed with the SDK's own test-header helper, for delivery to our webhook.
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import Stripe from "stripe";
import { now, parseStripeForm, readBody, stripeError } from "./fake-stripe-http";
import { FakeBilling, type SubscriptionCheckout } from "./fake-stripe-subscriptions";

export { parseStripeForm };

type Json = Record<string, unknown>;
export type RecordedRequest = { method: string; path: string; query: URLSearchParams; body: Json; idempotencyKey: string | null };
export type StripeEventPayload = { id: string; object: "event"; type: string; data: { object: Json } } & Json;
/** Where events go: our webhook URL, or a function taking a Request (a route's POST, or the lib handler). */
export type WebhookTarget = string | ((request: Request) => Promise<Response>);

/** Stripe's largest charge, in the smallest currency unit ($999,999.99). */
const STRIPE_MAX_AMOUNT = 99_999_999;

const id = (prefix: string) => `${prefix}_test_${randomBytes(12).toString("hex")}`;

export class FakeStripe {
  readonly requests: RecordedRequest[] = [];
  /** Events Stripe would have sent by now, oldest first; deliver() or deliverAll() sends them. */
  readonly outbox: StripeEventPayload[] = [];
  readonly sessions = new Map<string, Json>();
  readonly paymentIntents = new Map<string, Json>();
  readonly charges = new Map<string, Json>();
  readonly refunds = new Map<string, Json>();
  private readonly idempotent = new Map<string, { status: number; body: Json }>();
  /** Subscriptions, their invoices and billing portal sessions. */
  readonly billing: FakeBilling;

  private constructor(
    private readonly server: Server,
    readonly baseUrl: string,
    readonly webhookSecret: string,
  ) {
    this.billing = new FakeBilling({
      baseUrl,
      paymentIntents: this.paymentIntents,
      charges: this.charges,
      queueEvent: (type, object) => this.queue(type, object),
      chargeIntent: (intent) => this.createCharge(intent),
    });
  }

  static async start(webhookSecret = `whsec_test_${randomBytes(16).toString("hex")}`): Promise<FakeStripe> {
    const holder: { fake?: FakeStripe } = {};
    const server = createServer((request, response) => {
      void readBody(request).then((raw) => {
        const result = holder.fake ? holder.fake.handle(request, raw) : { status: 503, body: {} };
        response.writeHead(result.status, { "Content-Type": "application/json", "Request-Id": id("req") });
        response.end(JSON.stringify(result.body));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    const fake = new FakeStripe(server, `http://127.0.0.1:${port}`, webhookSecret);
    holder.fake = fake; // requests before this line answer 503
    return fake;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  requestsTo(method: string, path: string): RecordedRequest[] {
    return this.requests.filter((r) => r.method === method && r.path === path);
  }

  // ---- the API -------------------------------------------------------------------------------

  private handle(request: IncomingMessage, raw: string): { status: number; body: Json } {
    const url = new URL(request.url ?? "/", this.baseUrl);
    const method = request.method ?? "GET";
    const body = parseStripeForm(raw);
    const idempotencyKey = (request.headers["idempotency-key"] as string | undefined) ?? null;
    this.requests.push({ method, path: url.pathname, query: url.searchParams, body, idempotencyKey });
    if (!String(request.headers.authorization ?? "").startsWith("Bearer sk_")) {
      return stripeError(401, "authentication_error", "Invalid API Key provided");
    }
    if (method === "POST" && idempotencyKey) {
      const previous = this.idempotent.get(idempotencyKey);
      if (previous) return previous;
      const result = this.route(method, url, body);
      if (result.status < 500) this.idempotent.set(idempotencyKey, result);
      return result;
    }
    return this.route(method, url, body);
  }

  private route(method: string, url: URL, body: Json): { status: number; body: Json } {
    const path = url.pathname;
    const billing = this.billing.route(method, url, body);
    if (billing) return billing;
    if (method === "POST" && path === "/v1/checkout/sessions") return this.createSession(body);
    const sessionMatch = path.match(/^\/v1\/checkout\/sessions\/([^/]+)$/);
    if (method === "GET" && sessionMatch) return this.found(this.sessions.get(sessionMatch[1] ?? ""), "checkout.session");
    const intentMatch = path.match(/^\/v1\/payment_intents\/([^/]+)$/);
    if (method === "GET" && intentMatch) return this.found(this.paymentIntents.get(intentMatch[1] ?? ""), "payment_intent");
    if (method === "POST" && path === "/v1/refunds") return this.createRefund(body);
    if (method === "GET" && path === "/v1/refunds") {
      const charge = url.searchParams.get("charge");
      const data = [...this.refunds.values()].filter((r) => !charge || r.charge === charge).reverse();
      return { status: 200, body: { object: "list", data, has_more: false, url: "/v1/refunds" } };
    }
    return stripeError(404, "invalid_request_error", `Unrecognized request URL (${method}: ${path})`);
  }

  private found(object: Json | undefined, kind: string) {
    return object ? { status: 200, body: object } : stripeError(404, "invalid_request_error", `No such ${kind}`);
  }

  private createSession(body: Json): { status: number; body: Json } {
    const lineItems = (body.line_items as Json[] | undefined) ?? [];
    const amountTotal = lineItems.reduce((sum, item) => {
      const price = item.price_data as Json;
      return sum + Number(price.unit_amount) * Number(item.quantity);
    }, 0);
    if (amountTotal > STRIPE_MAX_AMOUNT) {
      return stripeError(400, "invalid_request_error", "The Checkout Session's total amount due must be no more than $999,999.99.");
    }
    const currency = String((lineItems[0]?.price_data as Json | undefined)?.currency ?? "usd");
    const session: Json = {
      id: id("cs"),
      object: "checkout.session",
      mode: body.mode,
      status: "open",
      payment_status: "unpaid",
      client_reference_id: body.client_reference_id ?? null,
      customer_email: body.customer_email ?? null,
      metadata: body.metadata ?? {},
      amount_subtotal: amountTotal,
      amount_total: amountTotal,
      currency,
      payment_intent: null,
      success_url: body.success_url,
      cancel_url: body.cancel_url,
      url: `${this.baseUrl}/pay/${randomBytes(6).toString("hex")}`,
      livemode: false,
      // Kept for the payment intent created when the buyer pays.
      _payment_intent_metadata: (body.payment_intent_data as Json | undefined)?.metadata ?? {},
      // Subscription mode: the subscription's metadata (subscription_data.metadata).
      _subscription_metadata: (body.subscription_data as Json | undefined)?.metadata ?? {},
    };
    this.sessions.set(String(session.id), session);
    return { status: 200, body: publicView(session) };
  }

  private createRefund(body: Json): { status: number; body: Json } {
    const intent = this.paymentIntents.get(String(body.payment_intent ?? ""));
    const chargeId = String(body.charge ?? intent?.latest_charge ?? "");
    const charge = this.charges.get(chargeId);
    if (!charge) return stripeError(404, "invalid_request_error", "No such payment_intent or charge");
    const remaining = Number(charge.amount) - Number(charge.amount_refunded);
    const amount = body.amount === undefined ? remaining : Number(body.amount);
    if (amount <= 0 || amount > remaining) {
      return stripeError(400, "invalid_request_error", `Refund amount (${amount}) is greater than unrefunded amount on charge (${remaining})`);
    }
    const refund: Json = {
      id: id("re"),
      object: "refund",
      amount,
      currency: charge.currency,
      charge: chargeId,
      payment_intent: charge.payment_intent,
      metadata: body.metadata ?? {},
      reason: body.reason ?? null,
      status: "succeeded",
      created: now(),
    };
    this.refunds.set(String(refund.id), refund);
    charge.amount_refunded = Number(charge.amount_refunded) + amount;
    charge.refunded = charge.amount_refunded === charge.amount;
    this.queue("charge.refunded", { ...charge });
    return { status: 200, body: refund };
  }

  // ---- what happens at Stripe outside our API calls ---------------------------------------------

  /**
   * The buyer completes Checkout: paid (a card) or unpaid (a delayed method). Queues
   * checkout.session.completed. `charged` makes Stripe take another amount or currency than the
   * session's line items say (what a promotion code or tax added in the Dashboard would do).
   */
  completeCheckout(
    sessionId: string,
    { paid = true, charged }: { paid?: boolean; charged?: { amountTotal?: number; currency?: string } } = {},
  ): StripeEventPayload {
    const session = this.mustGet(this.sessions, sessionId);
    if (charged?.amountTotal !== undefined) session.amount_total = charged.amountTotal;
    if (charged?.currency !== undefined) session.currency = charged.currency;
    if (session.mode === "subscription") return this.completeSubscriptionCheckout(sessionId).completed;
    const intent: Json = {
      id: id("pi"),
      object: "payment_intent",
      amount: session.amount_total,
      currency: session.currency,
      metadata: session._payment_intent_metadata,
      status: paid ? "succeeded" : "processing",
      latest_charge: null,
    };
    this.paymentIntents.set(String(intent.id), intent);
    Object.assign(session, { status: "complete", payment_intent: intent.id, payment_status: paid ? "paid" : "unpaid" });
    if (paid) this.createCharge(intent);
    return this.queue("checkout.session.completed", publicView(session));
  }

  /**
   * The buyer pays a subscription-mode session: queues, in the order Stripe usually sends them,
   * invoice.paid (the first invoice), customer.subscription.updated (active) and
   * checkout.session.completed, and returns the three events to deliver in any order.
   */
  completeSubscriptionCheckout(sessionId: string): SubscriptionCheckout & {
    invoicePaid: StripeEventPayload;
    updated: StripeEventPayload;
    completed: StripeEventPayload;
  } {
    const session = this.mustGet(this.sessions, sessionId);
    if (session.mode !== "subscription") throw new Error("fake Stripe: not a subscription-mode session");
    const queuedBefore = this.outbox.length;
    const started = this.billing.startSubscription(session);
    const [invoicePaid, updated] = this.outbox.slice(queuedBefore);
    Object.assign(session, { status: "complete", payment_status: "paid" });
    const completed = this.queue("checkout.session.completed", publicView(session));
    if (!invoicePaid || !updated) throw new Error("fake Stripe: the subscription's events were not queued");
    return { ...started, invoicePaid, updated, completed };
  }

  /** A refund from the Stripe Dashboard of one payment intent (a subscription invoice's). Queues charge.refunded. */
  refundPaymentIntent(paymentIntentId: string, amount?: number): Json {
    const result = this.createRefund({ payment_intent: paymentIntentId, ...(amount === undefined ? {} : { amount }) });
    if (result.status !== 200) throw new Error(String((result.body.error as Json).message));
    return result.body;
  }

  /** A delayed payment clears (queues checkout.session.async_payment_succeeded) or fails (_failed). */
  settleAsyncPayment(sessionId: string, { succeeded }: { succeeded: boolean }): StripeEventPayload {
    const session = this.mustGet(this.sessions, sessionId);
    const intent = this.mustGet(this.paymentIntents, String(session.payment_intent));
    if (succeeded) {
      this.createCharge(intent);
      session.payment_status = "paid";
      intent.status = "succeeded";
    } else {
      intent.status = "requires_payment_method";
    }
    const type = succeeded ? "checkout.session.async_payment_succeeded" : "checkout.session.async_payment_failed";
    return this.queue(type, publicView(session));
  }

  /** A refund made in the Stripe Dashboard: names no keys. Queues charge.refunded. */
  refundFromDashboard(sessionId: string, amount?: number): Json {
    const session = this.mustGet(this.sessions, sessionId);
    const result = this.createRefund({ payment_intent: session.payment_intent, ...(amount === undefined ? {} : { amount }) });
    if (result.status !== 200) throw new Error(String((result.body.error as Json).message));
    return result.body;
  }

  /** The buyer's bank opens a chargeback. Queues charge.dispute.created. */
  openDispute(sessionId: string): StripeEventPayload {
    const session = this.mustGet(this.sessions, sessionId);
    const intent = this.mustGet(this.paymentIntents, String(session.payment_intent));
    const charge = this.mustGet(this.charges, String(intent.latest_charge));
    const dispute: Json = {
      id: id("dp"),
      object: "dispute",
      amount: charge.amount,
      currency: charge.currency,
      charge: charge.id,
      payment_intent: intent.id,
      reason: "fraudulent",
      status: "needs_response",
      metadata: {},
    };
    return this.queue("charge.dispute.created", dispute);
  }

  chargeOf(sessionId: string): Json {
    const session = this.mustGet(this.sessions, sessionId);
    const intent = this.mustGet(this.paymentIntents, String(session.payment_intent));
    return this.mustGet(this.charges, String(intent.latest_charge));
  }

  private createCharge(intent: Json) {
    const charge: Json = {
      id: id("ch"),
      object: "charge",
      amount: intent.amount,
      amount_captured: intent.amount,
      amount_refunded: 0,
      refunded: false,
      currency: intent.currency,
      payment_intent: intent.id,
      // Stripe copies the payment intent's metadata onto the charges it creates.
      metadata: { ...(intent.metadata as Json) },
      paid: true,
      status: "succeeded",
    };
    this.charges.set(String(charge.id), charge);
    intent.latest_charge = charge.id;
  }

  private mustGet(map: Map<string, Json>, key: string): Json {
    const value = map.get(key);
    if (!value) throw new Error(`fake Stripe: unknown object ${key}`);
    return value;
  }

  // ---- events ---------------------------------------------------------------------------------

  /** An event in Stripe's envelope (not queued); `created` (Stripe's seconds) defaults to now. */
  event(type: string, object: Json, created = now()): StripeEventPayload {
    return {
      id: id("evt"),
      object: "event",
      api_version: Stripe.API_VERSION,
      created,
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      type,
      data: { object: structuredClone(object) },
    };
  }

  private queue(type: string, object: Json): StripeEventPayload {
    const event = this.event(type, object);
    this.outbox.push(event);
    return event;
  }

  /** The Stripe-Signature header for a payload, made by the SDK's test helper with our secret. */
  sign(payload: string, secret = this.webhookSecret): string {
    return Stripe.webhooks.generateTestHeaderString({ payload, secret });
  }

  /** A signed POST of the event, as Stripe would send it to `url`. */
  signedRequest(event: StripeEventPayload, url = "http://localhost/api/webhooks/stripe", secret?: string): Request {
    const payload = JSON.stringify(event, null, 2); // Stripe pretty-prints: signatures cover these exact bytes
    return new Request(url, {
      method: "POST",
      headers: { "Content-Type": "application/json; charset=utf-8", "Stripe-Signature": this.sign(payload, secret) },
      body: payload,
    });
  }

  /** Sends one event (taking it off the queue if it was queued); an event can be sent again, as Stripe retries. */
  async deliver(event: StripeEventPayload, target: WebhookTarget): Promise<Response> {
    const queued = this.outbox.indexOf(event);
    if (queued >= 0) this.outbox.splice(queued, 1);
    if (typeof target === "string") return fetch(this.signedRequest(event, target));
    return target(this.signedRequest(event));
  }

  /** Sends every queued event in order (emptying the queue); returns the answers. */
  async deliverAll(target: WebhookTarget): Promise<Response[]> {
    const responses: Response[] = [];
    for (const event of this.outbox.splice(0)) responses.push(await this.deliver(event, target));
    return responses;
  }
}

function publicView(object: Json): Json {
  return Object.fromEntries(Object.entries(object).filter(([key]) => !key.startsWith("_")));
}
