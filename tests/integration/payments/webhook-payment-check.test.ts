// The Checkout Session events fulfil an order only when Stripe charged what the order costs: the
// session's amount_total and currency must equal the order's amountCents and currency. A lower
// amount, another currency or no amount at all holds the order for review (no keys, an audit entry
// saying what differed, listed under Admin → Orders → Needs review), once per event.
import { expect, it } from "vitest";
import type { Db } from "../../../lib/db";
import { listOrdersForAdmin } from "../../../lib/orders/list-orders";
import { describePaymentMismatch, getLatestPaymentMismatch } from "../../../lib/orders/payment-mismatch";
import { describeEachDatabase } from "../../helpers/test-databases";
import type { StripeEventPayload } from "../../helpers/fake-stripe";
import { auditEntries, licensesOf, orderOf, send, startStripePurchase, fakeStripeForFile } from "./helpers";

const fakeStripe = fakeStripeForFile();

async function mismatchAudit(db: Db, orderId: string) {
  const entries = await auditEntries(db, "order.payment_mismatch", `order:${orderId}`);
  return entries.map((entry) => ({ actor: entry.actor, details: JSON.parse(entry.details ?? "null") as unknown }));
}

async function inReviewList(db: Db, orderId: string) {
  const { orders } = await listOrdersForAdmin(db, { needsReview: true, take: 100 });
  return orders.some((order) => order.id === orderId);
}

describeEachDatabase("Stripe webhooks compare the payment with the order", (getDb) => {
  const buy = () => startStripePurchase(getDb(), fakeStripe(), { quantity: 2 });
  const deliver = (event: StripeEventPayload) => send(fakeStripe(), getDb(), event);

  /** The order stayed unpaid, keyless and flagged, with one audit entry naming the difference. */
  async function expectHeldForReview(orderId: string, paid: { amountCents: number | null; currency: string | null }, differences: string[]) {
    const db = getDb();
    expect(await orderOf(db, orderId)).toMatchObject({ status: "pending", needsReview: true, paidAt: null });
    expect(await licensesOf(db, orderId)).toHaveLength(0);
    expect(await auditEntries(db, "order.paid", `order:${orderId}`)).toHaveLength(0);
    expect(await mismatchAudit(db, orderId)).toEqual([
      { actor: "stripe", details: { differences, expected: { amountCents: 9800, currency: "usd" }, paid } },
    ]);
    expect(await inReviewList(db, orderId)).toBe(true);
  }

  it("the session carries the order's amount and currency, as Stripe's does: fulfilled", async () => {
    const db = getDb();
    const { orderId, sessionId } = await buy();
    const event = fakeStripe().completeCheckout(sessionId);
    expect(event.data.object).toMatchObject({ amount_total: 9800, currency: "usd" });
    expect((await deliver(event)).body.outcome).toBe("processed");
    expect(await orderOf(db, orderId)).toMatchObject({ status: "paid", needsReview: false });
    expect(await licensesOf(db, orderId)).toHaveLength(2);
    expect(await mismatchAudit(db, orderId)).toEqual([]);
  });

  it("a lower amount: held for review, not fulfilled; the same event again changes nothing", async () => {
    const { orderId, sessionId } = await buy();
    const event = fakeStripe().completeCheckout(sessionId, { charged: { amountTotal: 100 } });
    expect(await deliver(event)).toEqual({ status: 200, body: { received: true, outcome: "processed" } });
    await expectHeldForReview(orderId, { amountCents: 100, currency: "usd" }, ["amount"]);
    // What Admin → the order's page says about the flag.
    const mismatch = await getLatestPaymentMismatch(getDb(), orderId);
    expect(mismatch && describePaymentMismatch(mismatch)).toBe("Stripe reported a payment of $1.00 for this order of $98.00, so no keys were issued.");

    expect((await deliver(event)).body.outcome).toBe("duplicate");
    await expectHeldForReview(orderId, { amountCents: 100, currency: "usd" }, ["amount"]);
  });

  it("another currency (the same number): held for review", async () => {
    const { orderId, sessionId } = await buy();
    await deliver(fakeStripe().completeCheckout(sessionId, { charged: { currency: "eur" } }));
    await expectHeldForReview(orderId, { amountCents: 9800, currency: "eur" }, ["currency"]);
  });

  it("the currency's case does not matter (Stripe sends lower case; a stored upper case still matches)", async () => {
    const db = getDb();
    const { orderId, sessionId } = await buy();
    await deliver(fakeStripe().completeCheckout(sessionId, { charged: { currency: "USD" } }));
    expect(await orderOf(db, orderId)).toMatchObject({ status: "paid", needsReview: false });
  });

  it("no amount_total (missing or null): held for review, since nothing says what was paid", async () => {
    for (const strip of [(o: Record<string, unknown>) => delete o.amount_total, (o: Record<string, unknown>) => (o.amount_total = null)]) {
      const { orderId, sessionId } = await buy();
      const event = fakeStripe().completeCheckout(sessionId);
      strip(event.data.object);
      expect((await deliver(event)).body.outcome).toBe("processed");
      await expectHeldForReview(orderId, { amountCents: null, currency: "usd" }, ["amount"]);
    }
  });

  it("checkout.session.async_payment_succeeded is checked the same way", async () => {
    const db = getDb();
    const { orderId, sessionId } = await buy();
    await deliver(fakeStripe().completeCheckout(sessionId, { paid: false, charged: { amountTotal: 4900, currency: "gbp" } }));
    expect(await orderOf(db, orderId)).toMatchObject({ status: "pending", needsReview: false }); // unpaid yet: nothing to judge
    const succeeded = fakeStripe().settleAsyncPayment(sessionId, { succeeded: true });
    expect((await deliver(succeeded)).body.outcome).toBe("processed");
    await expectHeldForReview(orderId, { amountCents: 4900, currency: "gbp" }, ["amount", "currency"]);
    expect((await deliver(succeeded)).body.outcome).toBe("duplicate");
    expect(await mismatchAudit(db, orderId)).toHaveLength(1);
  });

  it("matching async_payment_succeeded fulfils", async () => {
    const db = getDb();
    const { orderId, sessionId } = await buy();
    await deliver(fakeStripe().completeCheckout(sessionId, { paid: false }));
    await deliver(fakeStripe().settleAsyncPayment(sessionId, { succeeded: true }));
    expect(await orderOf(db, orderId)).toMatchObject({ status: "paid", needsReview: false });
    expect(await licensesOf(db, orderId)).toHaveLength(2);
  });
});
