// POST /api/webhooks/stripe's logic with real signatures, on SQLite and PostgreSQL: each handled
// event, twice; events out of order; partial refunds with and without keys named; disputes; and
// the answers Stripe relies on (400 bad signature, 200 ignored/duplicate, 500 our own failure).
import { describe, expect, it } from "vitest";
import { captureLogsForTests } from "../../../lib/observability/logger";
import { createRefund } from "../../../lib/payments/stripe";
import { describeEachDatabase } from "../../helpers/test-databases";
import { auditEntries, licenseAuditEntries, licensesOf, orderOf, send, startStripePurchase, fakeStripeForFile, webhookTarget } from "./helpers";

const fakeStripe = fakeStripeForFile();

describeEachDatabase("Stripe webhooks", (getDb) => {
  const buy = (options?: { quantity?: number }) => startStripePurchase(getDb(), fakeStripe(), options);
  const deliver = (event: Parameters<typeof send>[2]) => send(fakeStripe(), getDb(), event);

  describe("checkout.session.completed", () => {
    it("paid: marks the order paid and issues one key per unit; the same event again changes nothing", async () => {
      const db = getDb();
      const { orderId, sessionId, customer, product } = await buy({ quantity: 3 });
      const event = fakeStripe().completeCheckout(sessionId);

      expect(await deliver(event)).toEqual({ status: 200, body: { received: true, outcome: "processed" } });
      const order = await orderOf(db, orderId);
      expect(order).toMatchObject({ status: "paid", stripePaymentIntentId: fakeStripe().sessions.get(sessionId)?.payment_intent });
      expect(order.paidAt).toBeInstanceOf(Date);
      const keys = await licensesOf(db, orderId);
      expect(keys).toHaveLength(3);
      for (const key of keys) {
        expect(key).toMatchObject({ userId: customer.id, productId: product.id, maxActivations: 5, revokedAt: null });
      }

      expect(await deliver(event)).toEqual({ status: 200, body: { received: true, outcome: "duplicate" } });
      expect(await licensesOf(db, orderId)).toHaveLength(3);
      expect(await db.stripeEvent.count({ where: { id: event.id } })).toBe(1);
    });

    it("unpaid: the order waits; async_payment_succeeded then fulfils it, once", async () => {
      const db = getDb();
      const { orderId, sessionId } = await buy({ quantity: 2 });
      expect((await deliver(fakeStripe().completeCheckout(sessionId, { paid: false }))).status).toBe(200);
      expect(await orderOf(db, orderId)).toMatchObject({ status: "pending" });
      expect(await licensesOf(db, orderId)).toHaveLength(0);

      const succeeded = fakeStripe().settleAsyncPayment(sessionId, { succeeded: true });
      expect((await deliver(succeeded)).body.outcome).toBe("processed");
      expect(await orderOf(db, orderId)).toMatchObject({ status: "paid" });
      expect(await licensesOf(db, orderId)).toHaveLength(2);
      expect((await deliver(succeeded)).body.outcome).toBe("duplicate");
      expect(await licensesOf(db, orderId)).toHaveLength(2);
    });

    it("async_payment_failed: the order failed, no keys, and a late success cannot revive it", async () => {
      const db = getDb();
      const { orderId, sessionId } = await buy();
      await deliver(fakeStripe().completeCheckout(sessionId, { paid: false }));
      const failed = fakeStripe().settleAsyncPayment(sessionId, { succeeded: false });
      expect((await deliver(failed)).body.outcome).toBe("processed");
      expect((await deliver(failed)).body.outcome).toBe("duplicate");
      expect(await orderOf(db, orderId)).toMatchObject({ status: "failed" });
      expect(await licensesOf(db, orderId)).toHaveLength(0);
      expect(await auditEntries(db, "order.failed", `order:${orderId}`)).toHaveLength(1);
    });

    it("checkout.session.expired: a pending order is cancelled", async () => {
      const { orderId, sessionId } = await buy();
      const session = fakeStripe().sessions.get(sessionId) ?? {};
      expect((await deliver(fakeStripe().event("checkout.session.expired", { ...session, status: "expired" }))).status).toBe(200);
      expect(await orderOf(getDb(), orderId)).toMatchObject({ status: "cancelled" });
    });
  });

  it("replaying every webhook of a purchase twice, in any order, issues the keys exactly once", async () => {
    const db = getDb();
    const { orderId, sessionId } = await buy({ quantity: 4 });
    fakeStripe().completeCheckout(sessionId, { paid: false });
    fakeStripe().settleAsyncPayment(sessionId, { succeeded: true });
    const events = fakeStripe().outbox.splice(0);
    const outcomes: string[] = [];
    for (const event of [...events, ...events.slice().reverse(), ...events]) outcomes.push(String((await deliver(event)).body.outcome));
    expect(outcomes).toEqual(["processed", "processed", "duplicate", "duplicate", "duplicate", "duplicate"]);
    expect(await licensesOf(db, orderId)).toHaveLength(4);
    expect(await auditEntries(db, "order.paid", `order:${orderId}`)).toHaveLength(1);
  });

  it("concurrent deliveries of the same event apply it once", async () => {
    const db = getDb();
    const { orderId, sessionId } = await buy({ quantity: 2 });
    const event = fakeStripe().completeCheckout(sessionId);
    const answers = await Promise.all([deliver(event), deliver(event), deliver(event)]);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(answers.filter((a) => a.body.outcome === "processed")).toHaveLength(1);
    expect(await licensesOf(db, orderId)).toHaveLength(2);
  });

  describe("charge.refunded", () => {
    it("a full refund revokes every key of the order (reason Refunded); replayed, it revokes once and audits once", async () => {
      const db = getDb();
      const { orderId, sessionId } = await buy({ quantity: 2 });
      await deliver(fakeStripe().completeCheckout(sessionId));
      fakeStripe().refundFromDashboard(sessionId);
      const [refunded] = fakeStripe().outbox.splice(0);
      if (!refunded) throw new Error("no charge.refunded queued");

      expect((await deliver(refunded)).body.outcome).toBe("processed");
      expect((await deliver(refunded)).body.outcome).toBe("duplicate");
      const keys = await licensesOf(db, orderId);
      expect(keys.map((k) => [k.revokeReason, k.revokedBy])).toEqual([["Refunded", "stripe"], ["Refunded", "stripe"]]);
      expect(await orderOf(db, orderId)).toMatchObject({ status: "refunded", refundedCents: 2 * 4900, needsReview: false });
      expect(await licenseAuditEntries(db, "license.revoked", keys.map((k) => k.id))).toHaveLength(2);
      expect(await auditEntries(db, "order.refunded", `order:${orderId}`)).toHaveLength(1);
    });

    it("a partial refund naming no keys (Stripe Dashboard) keeps the keys and flags the order for review", async () => {
      const db = getDb();
      const { orderId, sessionId } = await buy({ quantity: 2 });
      await deliver(fakeStripe().completeCheckout(sessionId));
      fakeStripe().refundFromDashboard(sessionId, 1000);
      const responses = await fakeStripe().deliverAll(webhookTarget(db));
      expect(responses.map((r) => r.status)).toEqual([200]);
      expect(await orderOf(db, orderId)).toMatchObject({ status: "partially_refunded", refundedCents: 1000, needsReview: true });
      expect((await licensesOf(db, orderId)).every((k) => k.revokedAt === null)).toBe(true);
    });

    it("a partial refund naming keys in its metadata revokes exactly those keys", async () => {
      const db = getDb();
      const { orderId, sessionId } = await buy({ quantity: 3 });
      await deliver(fakeStripe().completeCheckout(sessionId));
      const [first, second, third] = await licensesOf(db, orderId);
      if (!first || !second || !third) throw new Error("expected three keys");
      const order = await orderOf(db, orderId);
      // A refund made by the store but whose webhook arrives before the store recorded it.
      await createRefund({
        orderId,
        paymentIntentId: order.stripePaymentIntentId ?? "",
        amountCents: 2 * 4900,
        licenseIds: [first.id, third.id],
        refundedBeforeCents: 0,
      });
      const [refunded] = fakeStripe().outbox.splice(0);
      if (!refunded) throw new Error("no charge.refunded queued");
      expect((await deliver(refunded)).body.outcome).toBe("processed");

      const after = await licensesOf(db, orderId);
      const reasonOf = (id: string) => after.find((k) => k.id === id)?.revokeReason ?? null;
      expect([reasonOf(first.id), reasonOf(second.id), reasonOf(third.id)]).toEqual(["Refunded", null, "Refunded"]);
      expect(await orderOf(db, orderId)).toMatchObject({ status: "partially_refunded", refundedCents: 9800, needsReview: false });
      const refundRequest = fakeStripe().requestsTo("POST", "/v1/refunds").at(-1);
      expect(refundRequest?.body.metadata).toEqual({ order_id: orderId, license_ids: `${first.id},${third.id}` });
    });

    it("a full refund before fulfilment: the order is refunded and the late checkout event issues no keys", async () => {
      const db = getDb();
      const { orderId, sessionId } = await buy({ quantity: 2 });
      const completed = fakeStripe().completeCheckout(sessionId);
      fakeStripe().refundFromDashboard(sessionId);
      const refunded = fakeStripe().outbox.find((e) => e.type === "charge.refunded");
      if (!refunded) throw new Error("no charge.refunded queued");

      expect((await deliver(refunded)).body.outcome).toBe("processed"); // traced through the charge's metadata
      expect(await orderOf(db, orderId)).toMatchObject({ status: "refunded", refundedCents: 9800 });
      expect((await deliver(completed)).body.outcome).toBe("processed");
      expect(await orderOf(db, orderId)).toMatchObject({ status: "refunded" });
      expect(await licensesOf(db, orderId)).toHaveLength(0);
    });

    it("a partial refund before fulfilment is kept: the keys are issued, the order partially refunded and flagged", async () => {
      const db = getDb();
      const { orderId, sessionId } = await buy({ quantity: 2 });
      const completed = fakeStripe().completeCheckout(sessionId);
      fakeStripe().refundFromDashboard(sessionId, 4900);
      const refunded = fakeStripe().outbox.find((e) => e.type === "charge.refunded");
      if (!refunded) throw new Error("no charge.refunded queued");
      // The charge has no order id in its metadata here: the order is found through the payment intent at Stripe.
      (refunded.data.object as { metadata: Record<string, string> }).metadata = {};

      expect((await deliver(refunded)).body.outcome).toBe("processed");
      expect(await orderOf(db, orderId)).toMatchObject({ status: "pending", refundedCents: 4900, needsReview: true });
      expect(fakeStripe().requestsTo("GET", `/v1/payment_intents/${String(fakeStripe().sessions.get(sessionId)?.payment_intent)}`)).toHaveLength(1);
      await deliver(completed);
      expect(await orderOf(db, orderId)).toMatchObject({ status: "partially_refunded", refundedCents: 4900, needsReview: true });
      expect(await licensesOf(db, orderId)).toHaveLength(2);
    });
  });

  describe("charge.dispute.created", () => {
    it("revokes every key of the order (reason Payment disputed) and marks it disputed; a replay changes nothing", async () => {
      const db = getDb();
      const { orderId, sessionId } = await buy({ quantity: 2 });
      await deliver(fakeStripe().completeCheckout(sessionId));
      const dispute = fakeStripe().openDispute(sessionId);
      expect((await deliver(dispute)).body.outcome).toBe("processed");
      expect((await deliver(dispute)).body.outcome).toBe("duplicate");
      const keys = await licensesOf(db, orderId);
      expect(keys.map((k) => k.revokeReason)).toEqual(["Payment disputed", "Payment disputed"]);
      expect(await orderOf(db, orderId)).toMatchObject({ status: "disputed", needsReview: true });
      expect(await licenseAuditEntries(db, "license.revoked", keys.map((k) => k.id))).toHaveLength(2);
      expect(await auditEntries(db, "order.disputed", `order:${orderId}`)).toHaveLength(1);
    });

    it("a dispute before fulfilment leaves the order disputed and keyless", async () => {
      const db = getDb();
      const { orderId, sessionId } = await buy();
      const completed = fakeStripe().completeCheckout(sessionId);
      await deliver(fakeStripe().openDispute(sessionId));
      await deliver(completed);
      expect(await orderOf(db, orderId)).toMatchObject({ status: "disputed" });
      expect(await licensesOf(db, orderId)).toHaveLength(0);
    });
  });

  describe("answers", () => {
    it("a bad signature is a 400 and changes nothing", async () => {
      const db = getDb();
      const { orderId, sessionId } = await buy();
      const event = fakeStripe().completeCheckout(sessionId);
      const target = webhookTarget(db);
      const wrongSecret = await target(fakeStripe().signedRequest(event, undefined, "whsec_wrong"));
      expect(wrongSecret.status).toBe(400);
      expect(await wrongSecret.json()).toEqual({ error: { code: "INVALID_SIGNATURE", message: "The Stripe signature does not match" } });

      const signed = fakeStripe().signedRequest(event);
      const tampered = new Request(signed.url, {
        method: "POST",
        headers: signed.headers,
        body: (await signed.text()).replace('"paid"', '"unpaid"'),
      });
      expect((await target(tampered)).status).toBe(400);
      const unsigned = new Request(signed.url, { method: "POST", body: JSON.stringify(event) });
      const missing = await target(unsigned);
      expect(missing.status).toBe(400);
      expect(await missing.json()).toMatchObject({ error: { code: "MISSING_SIGNATURE" } });

      expect(await orderOf(db, orderId)).toMatchObject({ status: "pending" });
      expect(await db.stripeEvent.count({ where: { id: event.id } })).toBe(0);
    });

    it("an event type outside the allow-list is acknowledged (200) and ignored", async () => {
      const event = fakeStripe().event("customer.created", { id: "cus_test_1", object: "customer" });
      expect(await deliver(event)).toEqual({ status: 200, body: { received: true, outcome: "ignored" } });
      expect(await getDb().stripeEvent.count({ where: { id: event.id } })).toBe(0);
    });

    it("an event about a payment that is not one of our orders is acknowledged and ignored", async () => {
      const event = fakeStripe().event("checkout.session.completed", {
        id: "cs_test_elsewhere",
        object: "checkout.session",
        client_reference_id: null,
        metadata: {},
        payment_status: "paid",
        payment_intent: "pi_test_elsewhere",
      });
      expect((await deliver(event)).body.outcome).toBe("ignored");
    });

    it("our own failure is a 500 (so Stripe retries) and records nothing", async () => {
      const db = getDb();
      const { orderId, sessionId } = await buy();
      const event = fakeStripe().completeCheckout(sessionId);
      delete (event.data.object as Record<string, unknown>).payment_status; // a payload we cannot read
      const lines: string[] = [];
      const restoreLog = captureLogsForTests((line) => lines.push(line));
      const answer = await deliver(event);
      restoreLog();
      expect(lines).toHaveLength(1);
      expect(JSON.parse(lines[0] ?? "{}")).toMatchObject({ level: "error", component: "stripe-webhook", eventId: event.id });
      expect(lines.join("\n")).not.toContain(fakeStripe().webhookSecret);
      expect(answer.status).toBe(500);
      expect(answer.body.error?.code).toBe("INTERNAL_ERROR");
      expect(await db.stripeEvent.count({ where: { id: event.id } })).toBe(0);
      expect(await orderOf(db, orderId)).toMatchObject({ status: "pending" });
    });
  });
});
