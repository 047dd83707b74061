// Yearly products sold as Stripe subscriptions, on SQLite and PostgreSQL, against the fake Stripe
// server with real signatures: the subscription Checkout, the first payment's events in every
// order and replayed, renewals (a new order on the same key), a renewal invoice that arrives before
// the key exists, failed payments, cancellation (and events arriving late), refunds of a renewal,
// and the billing portal.
import { describe, expect, it } from "vitest";
import type { Db } from "../../../lib/db";
import { ApiError } from "../../../lib/http/api-error";
import { beginCheckout } from "../../../lib/payments/begin-checkout";
import { refundOrderAsAdmin } from "../../../lib/payments/refund-as-admin";
import { beginRenewalCheckout } from "../../../lib/renewals/begin-change-checkout";
import { renewalState, DAY_MS } from "../../../lib/renewals/terms";
import { openBillingPortal } from "../../../lib/subscriptions/billing-portal";
import { createCustomer } from "../../helpers/factories";
import type { StripeEventPayload } from "../../helpers/fake-stripe";
import { describeEachDatabase } from "../../helpers/test-databases";
import { fakeStripeForFile, send } from "../payments/helpers";
import { emailsTo, keysOf, PRICE_CENTS, renewalOrdersOf, seconds, startSubscriptionPurchase, subscriptionOf } from "./helpers";

const fakeStripe = fakeStripeForFile();

/** Every order of three items. */
function permutations<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]));
}

describeEachDatabase("Stripe subscriptions", (getDb) => {
  const deliver = (event: StripeEventPayload) => send(fakeStripe(), getDb(), event);
  const outcomeOf = async (event: StripeEventPayload) => (await deliver(event)).body.outcome;

  /** A paid subscription purchase with every first event delivered: the key, the subscription. */
  async function subscribed(db: Db) {
    const purchase = await startSubscriptionPurchase(db, fakeStripe());
    const checkout = fakeStripe().completeSubscriptionCheckout(purchase.sessionId);
    fakeStripe().outbox.length = 0;
    for (const event of [checkout.completed, checkout.invoicePaid, checkout.updated]) expect(await outcomeOf(event)).toBe("processed");
    const [key] = await keysOf(db, purchase.orderId);
    if (!key) throw new Error("no key issued");
    return { ...purchase, ...checkout, key };
  }

  async function deliverQueued() {
    const events = fakeStripe().outbox.splice(0);
    const outcomes: unknown[] = [];
    for (const event of events) outcomes.push((await deliver(event)).body.outcome);
    return outcomes;
  }

  it("checkout of a yearly product is a subscription-mode session: yearly price, the order id on the subscription, no payment intent data", async () => {
    const db = getDb();
    const { orderId, product } = await startSubscriptionPurchase(db, fakeStripe());
    const [request] = fakeStripe().requestsTo("POST", "/v1/checkout/sessions").slice(-1);
    expect(request?.body).toMatchObject({
      mode: "subscription",
      client_reference_id: orderId,
      metadata: { order_id: orderId },
      subscription_data: { metadata: { order_id: orderId } },
      line_items: [{ quantity: "1", price_data: { unit_amount: String(PRICE_CENTS), recurring: { interval: "year" }, product_data: { name: product.name } } }],
    });
    expect(request?.body.payment_intent_data).toBeUndefined();
  });

  it("a yearly product is one key per order: quantity 2 is refused with SUBSCRIPTION_QUANTITY and writes nothing", async () => {
    const db = getDb();
    const { customer, product } = await startSubscriptionPurchase(db, fakeStripe());
    const before = await db.order.count({ where: { userId: customer.id } });
    const refusal = await beginCheckout(db, { user: customer, productSlug: product.slug, quantity: 2 }).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(ApiError);
    expect(refusal).toMatchObject({ status: 400, code: "SUBSCRIPTION_QUANTITY" });
    expect(await db.order.count({ where: { userId: customer.id } })).toBe(before);
  });

  it("the paid first invoice issues one key that expires at the period's end, with the subscription recorded and linked", async () => {
    const db = getDb();
    const { orderId, key, subscriptionId, customerId, invoiceId, periodEnd, customer } = await subscribed(db);
    expect(key.expiresAt).toEqual(seconds(periodEnd));
    const order = await db.order.findUniqueOrThrow({ where: { id: orderId } });
    expect(order).toMatchObject({ status: "paid", amountCents: PRICE_CENTS, stripePaymentIntentId: fakeStripe().billing.paymentIntentOf(invoiceId) });
    expect(await subscriptionOf(db, subscriptionId)).toMatchObject({
      provider: "stripe",
      orderId,
      licenseId: key.id,
      customerId,
      status: "active",
      cancelAtPeriodEnd: false,
      currentPeriodEnd: seconds(periodEnd),
    });
    expect(await emailsTo(db, customer.email, "receipt")).toHaveLength(1);
    expect(renewalState({ ...key, subscription: { status: "active", cancelAtPeriodEnd: false } })).toEqual({ renewable: false, reason: "subscription" });
  });

  it("the first purchase's events in every order, each replayed, end in the same state", async () => {
    const db = getDb();
    const states: unknown[] = [];
    for (const order of permutations(["completed", "invoicePaid", "updated"] as const)) {
      const purchase = await startSubscriptionPurchase(db, fakeStripe());
      const checkout = fakeStripe().completeSubscriptionCheckout(purchase.sessionId);
      fakeStripe().outbox.length = 0;
      const outcomes: unknown[] = [];
      for (const name of [...order, ...order]) outcomes.push(await outcomeOf(checkout[name]));
      expect(outcomes).toEqual(["processed", "processed", "processed", "duplicate", "duplicate", "duplicate"]);
      const keys = await keysOf(db, purchase.orderId);
      expect(keys).toHaveLength(1);
      const subscription = await subscriptionOf(db, checkout.subscriptionId);
      const orderRow = await db.order.findUniqueOrThrow({ where: { id: purchase.orderId } });
      states.push({
        order: { status: orderRow.status, paymentIntent: orderRow.stripePaymentIntentId === fakeStripe().billing.paymentIntentOf(checkout.invoiceId) },
        keyExpiresAtPeriodEnd: keys[0]?.expiresAt?.getTime() === checkout.periodEnd * 1000,
        subscription: {
          status: subscription.status,
          linked: subscription.licenseId === keys[0]?.id,
          customer: subscription.customerId === checkout.customerId,
          periodEnd: subscription.currentPeriodEnd?.getTime() === checkout.periodEnd * 1000,
          cancelAtPeriodEnd: subscription.cancelAtPeriodEnd,
        },
        receipts: (await emailsTo(db, purchase.customer.email, "receipt")).length,
        paidAudits: await db.auditEvent.count({ where: { action: "order.paid", subject: `order:${purchase.orderId}` } }),
      });
    }
    const expected = {
      order: { status: "paid", paymentIntent: true },
      keyExpiresAtPeriodEnd: true,
      subscription: { status: "active", linked: true, customer: true, periodEnd: true, cancelAtPeriodEnd: false },
      receipts: 1,
      paidAudits: 1,
    };
    expect(states).toEqual(Array.from({ length: 6 }, () => expected));
  });

  it("a renewal invoice extends the same key to the new period's end through one renewal order; replays add none", async () => {
    const db = getDb();
    const { key, subscriptionId, customer } = await subscribed(db);
    const { invoiceId, periodEnd } = fakeStripe().billing.renew(subscriptionId);
    const [invoicePaid, updated] = fakeStripe().outbox.splice(0);
    if (!invoicePaid || !updated) throw new Error("renewal events not queued");
    expect(await outcomeOf(invoicePaid)).toBe("processed");
    expect(await outcomeOf(updated)).toBe("processed");

    const renewed = await db.license.findUniqueOrThrow({ where: { id: key.id } });
    expect(renewed.expiresAt).toEqual(seconds(periodEnd));
    expect(renewed.key).toBe(key.key);
    const renewals = await renewalOrdersOf(db, key.id);
    expect(renewals).toHaveLength(1);
    expect(renewals[0]).toMatchObject({
      provider: "stripe",
      status: "paid",
      userId: customer.id,
      stripeInvoiceId: invoiceId,
      stripePaymentIntentId: fakeStripe().billing.paymentIntentOf(invoiceId),
      amountCents: PRICE_CENTS,
    });
    expect(renewals[0]?.items).toEqual([
      expect.objectContaining({ kind: "renewal", targetLicenseId: key.id, quantity: 1, unitPriceCents: PRICE_CENTS, previousExpiresAt: key.expiresAt, newExpiresAt: seconds(periodEnd) }),
    ]);
    expect(await subscriptionOf(db, subscriptionId)).toMatchObject({ status: "active", currentPeriodEnd: seconds(periodEnd) });
    const receipts = await emailsTo(db, customer.email, "receipt");
    expect(receipts).toHaveLength(2);
    expect(receipts[1]?.text).toContain("Renewed until");

    // The same event again, and another event about the same invoice: nothing more.
    expect(await outcomeOf(invoicePaid)).toBe("duplicate");
    expect(await outcomeOf(fakeStripe().event("invoice.paid", invoicePaid.data.object))).toBe("processed");
    expect(await renewalOrdersOf(db, key.id)).toHaveLength(1);
    expect((await db.license.findUniqueOrThrow({ where: { id: key.id } })).expiresAt).toEqual(seconds(periodEnd));
    expect(await emailsTo(db, customer.email, "receipt")).toHaveLength(2);
  });

  it("a renewal invoice that arrives before the key exists answers 500 (Stripe retries) and applies once the first order is fulfilled", async () => {
    const db = getDb();
    const purchase = await startSubscriptionPurchase(db, fakeStripe());
    const checkout = fakeStripe().completeSubscriptionCheckout(purchase.sessionId);
    fakeStripe().outbox.length = 0;
    const { periodEnd } = fakeStripe().billing.renew(checkout.subscriptionId);
    const [cyclePaid] = fakeStripe().outbox.splice(0);
    if (!cyclePaid) throw new Error("no renewal invoice");

    const early = await deliver(cyclePaid);
    expect(early.status).toBe(500);
    expect(await db.order.count({ where: { stripeInvoiceId: { not: null }, userId: purchase.customer.id } })).toBe(0);
    expect(await db.stripeEvent.count({ where: { id: cyclePaid.id } })).toBe(0);

    expect(await outcomeOf(checkout.completed)).toBe("processed");
    expect(await outcomeOf(cyclePaid)).toBe("processed"); // Stripe's retry
    const [key] = await keysOf(db, purchase.orderId);
    expect(key?.expiresAt).toEqual(seconds(periodEnd));
    expect(await renewalOrdersOf(db, key?.id ?? "")).toHaveLength(1);
  });

  it("a failed renewal payment marks the subscription past due and emails the customer; the key is unchanged and valid", async () => {
    const db = getDb();
    const { key, subscriptionId, customer } = await subscribed(db);
    fakeStripe().billing.renew(subscriptionId, { paid: false });
    const [failed, updated] = fakeStripe().outbox.splice(0);
    if (!failed || !updated) throw new Error("failure events not queued");
    expect(failed.type).toBe("invoice.payment_failed");
    expect(await outcomeOf(failed)).toBe("processed");
    expect(await outcomeOf(failed)).toBe("duplicate");
    expect(await outcomeOf(updated)).toBe("processed");

    expect(await subscriptionOf(db, subscriptionId)).toMatchObject({ status: "past_due" });
    const after = await db.license.findUniqueOrThrow({ where: { id: key.id } });
    expect(after.expiresAt).toEqual(key.expiresAt);
    expect(after.expiresAt!.getTime()).toBeGreaterThan(Date.now());
    expect(await renewalOrdersOf(db, key.id)).toHaveLength(0);
    const notices = await emailsTo(db, customer.email, "subscription_payment_failed");
    expect(notices).toHaveLength(1);
    expect(notices[0]?.subject).toBe(`Payment failed for your ${key.productName} subscription`);
    expect(notices[0]?.text).toContain(`http://store.test/account/licenses/${key.id}`);
    expect(notices[0]?.text).not.toContain(key.key); // masked
  });

  it("cancelled at the period's end, then deleted: no more renewals, the key keeps its expiry and can be renewed by hand", async () => {
    const db = getDb();
    const { key, subscriptionId, customer } = await subscribed(db);
    fakeStripe().billing.cancel(subscriptionId, { atPeriodEnd: true });
    expect(await deliverQueued()).toEqual(["processed"]);
    expect(await subscriptionOf(db, subscriptionId)).toMatchObject({ status: "active", cancelAtPeriodEnd: true });

    fakeStripe().billing.cancel(subscriptionId, { atPeriodEnd: false });
    expect(await deliverQueued()).toEqual(["processed"]);
    const subscription = await subscriptionOf(db, subscriptionId);
    expect(subscription.status).toBe("canceled");
    expect((await db.license.findUniqueOrThrow({ where: { id: key.id } })).expiresAt).toEqual(key.expiresAt);

    // Near its expiry, the ordinary Renew is offered again (a one-off payment, named as a renewal).
    await db.license.update({ where: { id: key.id }, data: { expiresAt: new Date(Date.now() + 10 * DAY_MS) } });
    const { orderId } = await beginRenewalCheckout(db, { licenseId: key.id, user: { id: customer.id, email: customer.email } });
    const [request] = fakeStripe().requestsTo("POST", "/v1/checkout/sessions").slice(-1);
    expect(request?.body).toMatchObject({ mode: "payment", client_reference_id: orderId, line_items: [{ price_data: { product_data: { name: `Renewal: ${key.productName}` } } }] });
    expect(request?.body.line_items).not.toMatchObject([{ price_data: { recurring: expect.anything() } }]);
  });

  it("a late, older subscription.updated changes nothing: not after a newer update, and never after deletion", async () => {
    const db = getDb();
    const { subscriptionId } = await subscribed(db);
    const stripeSubscription = fakeStripe().billing.subscriptions.get(subscriptionId) ?? {};
    const at = Math.floor(Date.now() / 1000) + 100;
    const snapshot = (changes: Record<string, unknown>) => ({ ...structuredClone(stripeSubscription), ...changes });

    expect(await outcomeOf(fakeStripe().event("customer.subscription.updated", snapshot({ cancel_at_period_end: true }), at + 10))).toBe("processed");
    expect(await outcomeOf(fakeStripe().event("customer.subscription.updated", snapshot({ cancel_at_period_end: false }), at))).toBe("processed");
    expect(await subscriptionOf(db, subscriptionId)).toMatchObject({ cancelAtPeriodEnd: true, lastEventAt: seconds(at + 10) });

    expect(await outcomeOf(fakeStripe().event("customer.subscription.deleted", snapshot({ status: "canceled" }), at + 20))).toBe("processed");
    expect(await outcomeOf(fakeStripe().event("customer.subscription.updated", snapshot({ status: "active", cancel_at_period_end: false }), at + 15))).toBe("processed");
    // Even a newer-looking update cannot revive a cancelled subscription.
    expect(await outcomeOf(fakeStripe().event("customer.subscription.updated", snapshot({ status: "active", cancel_at_period_end: false }), at + 30))).toBe("processed");
    expect(await subscriptionOf(db, subscriptionId)).toMatchObject({ status: "canceled", cancelAtPeriodEnd: true, lastEventAt: seconds(at + 20) });
  });

  it("a refund of a renewal's charge takes that term back off the key (not revoked); the first order stays paid", async () => {
    const db = getDb();
    const { key, subscriptionId, orderId } = await subscribed(db);
    const { invoiceId } = fakeStripe().billing.renew(subscriptionId);
    await deliverQueued();
    fakeStripe().refundPaymentIntent(fakeStripe().billing.paymentIntentOf(invoiceId));
    const [refunded] = fakeStripe().outbox.splice(0);
    if (!refunded) throw new Error("no charge.refunded queued");
    expect(await outcomeOf(refunded)).toBe("processed");
    expect(await outcomeOf(refunded)).toBe("duplicate");

    const after = await db.license.findUniqueOrThrow({ where: { id: key.id } });
    expect(after.expiresAt).toEqual(key.expiresAt);
    expect(after.revokedAt).toBeNull();
    const [renewal] = await renewalOrdersOf(db, key.id);
    expect(renewal).toMatchObject({ status: "refunded", refundedCents: PRICE_CENTS });
    expect(renewal?.items[0]?.rolledBackAt).toBeInstanceOf(Date);
    expect(await db.order.findUniqueOrThrow({ where: { id: orderId } })).toMatchObject({ status: "paid" });
  });

  it("an Admin refund of a subscription's payment revokes the key and cancels the subscription at Stripe, once", async () => {
    const db = getDb();
    const { key, subscriptionId, orderId } = await subscribed(db);
    const admin = await db.user.create({ data: { email: `admin-${orderId}@example.com`, role: "ADMIN" } });
    await refundOrderAsAdmin(db, { request: { scope: "order", orderId }, adminId: admin.id });
    expect(fakeStripe().billing.cancelledByApi.filter((id) => id === subscriptionId)).toEqual([subscriptionId]);
    expect((await db.license.findUniqueOrThrow({ where: { id: key.id } })).revokedAt).toBeInstanceOf(Date);
    // Stripe's events for both follow: the refund changes nothing more, the deletion ends the subscription.
    await deliverQueued();
    expect(await subscriptionOf(db, subscriptionId)).toMatchObject({ status: "canceled" });
    await expect(refundOrderAsAdmin(db, { request: { scope: "order", orderId }, adminId: admin.id })).rejects.toThrow(ApiError);
    expect(fakeStripe().billing.cancelledByApi.filter((id) => id === subscriptionId)).toEqual([subscriptionId]);
  });

  it("the billing portal opens for the key's owner only, returning to the key's page", async () => {
    const db = getDb();
    const { key, customer, customerId } = await subscribed(db);
    const before = fakeStripe().requestsTo("POST", "/v1/billing_portal/sessions").length;
    const { url } = await openBillingPortal(db, { licenseId: key.id, userId: customer.id });
    expect(url).toMatch(new RegExp(`^${fakeStripe().baseUrl}/billing/`));
    const requests = fakeStripe().requestsTo("POST", "/v1/billing_portal/sessions");
    expect(requests).toHaveLength(before + 1);
    expect(requests.at(-1)?.body).toEqual({ customer: customerId, return_url: `http://store.test/account/licenses/${key.id}` });

    const stranger = await createCustomer(db);
    await expect(openBillingPortal(db, { licenseId: key.id, userId: stranger.id })).rejects.toMatchObject({ status: 404, code: "NOT_FOUND" });
    await expect(openBillingPortal(db, { licenseId: "no-such-key", userId: customer.id })).rejects.toMatchObject({ status: 404 });
    expect(fakeStripe().requestsTo("POST", "/v1/billing_portal/sessions")).toHaveLength(before + 1);
  });

  describe("events that are not about our subscriptions", () => {
    it("an invoice without a subscription, or naming no order of ours, is ignored", async () => {
      const foreign = { id: "in_test_foreign", object: "invoice", customer: "cus_x", billing_reason: "manual", status: "paid", amount_paid: 100, amount_due: 100, currency: "usd", parent: null, lines: { data: [] } };
      expect(await outcomeOf(fakeStripe().event("invoice.paid", foreign))).toBe("ignored");
      const other = { ...foreign, parent: { subscription_details: { subscription: "sub_test_elsewhere", metadata: { order_id: "not-ours" } } } };
      expect(await outcomeOf(fakeStripe().event("invoice.paid", other))).toBe("ignored");
    });
  });
});
