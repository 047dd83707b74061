// Renewals paid through Stripe on SQLite and PostgreSQL: the fake Stripe server behind the real
// SDK, webhooks with real signatures. A renewal extends once however its payment is reported
// (the same event twice, completed + async_payment_succeeded, concurrent deliveries); two renewals
// of one key delivered at once extend twice, exactly; refunds (Admin or Dashboard) and disputes
// take the term back off without revoking, once.
import { expect, it } from "vitest";
import type { Db } from "../../../lib/db";
import { refundOrderAsAdmin } from "../../../lib/payments/refund-as-admin";
import { beginRenewalCheckout } from "../../../lib/renewals/begin-change-checkout";
import { describeEachDatabase } from "../../helpers/test-databases";
import { fakeStripeForFile, send } from "../payments/helpers";
import { auditOf, expiryOf, keyOf, lineOf, soldKey, TERM_MS, verifyCode } from "./helpers";

const fakeStripe = fakeStripeForFile();

describeEachDatabase("renewals paid through Stripe", (getDb) => {
  const deliver = (event: Parameters<typeof send>[2]) => send(fakeStripe(), getDb(), event);

  /** A renewal checkout in Stripe mode: the order and its Checkout Session (nothing paid yet). */
  async function startRenewal(db: Db, sold: Awaited<ReturnType<typeof soldKey>>) {
    const { orderId, redirectUrl } = await beginRenewalCheckout(db, { licenseId: sold.license.id, user: sold.buyer });
    const order = await db.order.findUniqueOrThrow({ where: { id: orderId } });
    if (!order.stripeCheckoutSessionId) throw new Error("the renewal did not record its Checkout Session");
    expect(redirectUrl).toBe(fakeStripe().sessions.get(order.stripeCheckoutSessionId)?.url);
    return { orderId, sessionId: order.stripeCheckoutSessionId };
  }

  async function paidRenewal(db: Db, sold: Awaited<ReturnType<typeof soldKey>>) {
    const renewal = await startRenewal(db, sold);
    expect((await deliver(fakeStripe().completeCheckout(renewal.sessionId))).body.outcome).toBe("processed");
    return renewal;
  }

  it("checkout.session.completed extends the key once; the same event again is a duplicate", async () => {
    const db = getDb();
    const sold = await soldKey(db, { expiresInDays: 10 });
    const before = sold.license.expiresAt!.getTime();
    const { orderId, sessionId } = await startRenewal(db, sold);
    const session = fakeStripe().requestsTo("POST", "/v1/checkout/sessions").at(-1);
    expect(session?.body).toMatchObject({ mode: "payment", metadata: { order_id: orderId } });
    expect(await expiryOf(db, sold.license.id)).toBe(before);

    const completed = fakeStripe().completeCheckout(sessionId);
    expect(await deliver(completed)).toEqual({ status: 200, body: { received: true, outcome: "processed" } });
    expect(await expiryOf(db, sold.license.id)).toBe(before + TERM_MS);
    expect(await db.order.findUniqueOrThrow({ where: { id: orderId } })).toMatchObject({ status: "paid", needsReview: false });
    expect(await deliver(completed)).toEqual({ status: 200, body: { received: true, outcome: "duplicate" } });
    expect(await expiryOf(db, sold.license.id)).toBe(before + TERM_MS);
    expect(await auditOf(db, "license.renewed", `license:${sold.license.id}`)).toHaveLength(1);
    expect(await db.emailMessage.count({ where: { kind: "receipt", userId: sold.customer.id } })).toBe(1);
  });

  it("two distinct events for one session (completed, then async_payment_succeeded) extend once", async () => {
    const db = getDb();
    const sold = await soldKey(db, { expiresInDays: 10 });
    const { sessionId } = await startRenewal(db, sold);
    const completed = fakeStripe().completeCheckout(sessionId);
    const succeeded = fakeStripe().settleAsyncPayment(sessionId, { succeeded: true });
    expect(completed.id).not.toBe(succeeded.id);
    const answers = [await deliver(completed), await deliver(succeeded), await deliver(succeeded), await deliver(completed)];
    expect(answers.map((a) => a.body.outcome)).toEqual(["processed", "processed", "duplicate", "duplicate"]);
    expect(await expiryOf(db, sold.license.id)).toBe(sold.license.expiresAt!.getTime() + TERM_MS);
    expect(await auditOf(db, "license.renewed", `license:${sold.license.id}`)).toHaveLength(1);
  });

  it("the same event delivered concurrently extends once", async () => {
    const db = getDb();
    const sold = await soldKey(db, { expiresInDays: 10 });
    const { sessionId } = await startRenewal(db, sold);
    const completed = fakeStripe().completeCheckout(sessionId);
    const answers = await Promise.all([deliver(completed), deliver(completed), deliver(completed)]);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(answers.filter((a) => a.body.outcome === "processed")).toHaveLength(1);
    expect(await expiryOf(db, sold.license.id)).toBe(sold.license.expiresAt!.getTime() + TERM_MS);
  });

  it("two renewals of one key whose webhooks arrive at the same time extend by exactly two terms (several rounds)", async () => {
    const db = getDb();
    for (let round = 0; round < 5; round++) {
      const sold = await soldKey(db, { expiresInDays: 10 });
      const before = sold.license.expiresAt!.getTime();
      const first = await startRenewal(db, sold);
      const second = await startRenewal(db, sold);
      const events = [fakeStripe().completeCheckout(first.sessionId), fakeStripe().completeCheckout(second.sessionId)];
      const answers = await Promise.all(events.map((event) => deliver(event)));
      expect(answers.map((a) => [a.status, a.body.outcome])).toEqual([
        [200, "processed"],
        [200, "processed"],
      ]);
      expect(await expiryOf(db, sold.license.id)).toBe(before + 2 * TERM_MS);
      expect(await auditOf(db, "license.renewed", `license:${sold.license.id}`)).toHaveLength(2);
    }
  });

  it("a full refund from the Dashboard (charge.refunded) takes the term back off, once, without revoking", async () => {
    const db = getDb();
    const sold = await soldKey(db, { expiresInDays: 10 });
    const { orderId, sessionId } = await paidRenewal(db, sold);
    fakeStripe().refundFromDashboard(sessionId);
    const refunded = fakeStripe().outbox.find((event) => event.type === "charge.refunded");
    if (!refunded) throw new Error("no charge.refunded queued");

    expect((await deliver(refunded)).body.outcome).toBe("processed");
    expect((await deliver(refunded)).body.outcome).toBe("duplicate");
    expect(await expiryOf(db, sold.license.id)).toBe(sold.license.expiresAt!.getTime());
    expect((await keyOf(db, sold.license.id)).revokedAt).toBeNull();
    expect(await db.order.findUniqueOrThrow({ where: { id: orderId } })).toMatchObject({ status: "refunded", refundedCents: 4900, needsReview: false });
    expect(await auditOf(db, "license.renewal_rolled_back", `license:${sold.license.id}`)).toHaveLength(1);
    expect(await verifyCode(db, sold.license.id)).toBe("VALID");
  });

  it("a refund from Admin goes to Stripe naming the key; its later charge.refunded changes nothing more", async () => {
    const db = getDb();
    const sold = await soldKey(db, { expiresInDays: -30 });
    const { orderId } = await paidRenewal(db, sold);
    fakeStripe().outbox.length = 0;

    const result = await refundOrderAsAdmin(db, { request: { scope: "order", orderId }, adminId: "admin-1" });
    expect(result).toMatchObject({ status: "refunded", refundedCents: 4900, revokedLicenseIds: [], rolledBackLicenseIds: [sold.license.id] });
    const refundRequest = fakeStripe().requestsTo("POST", "/v1/refunds").at(-1);
    expect(refundRequest?.body).toMatchObject({ amount: "4900", metadata: { order_id: orderId, license_ids: sold.license.id } });

    const [refunded] = fakeStripe().outbox.splice(0);
    if (!refunded) throw new Error("no charge.refunded queued");
    expect((await deliver(refunded)).body.outcome).toBe("processed");
    // The lapsed key is back where it was: Expired, not revoked.
    expect(await expiryOf(db, sold.license.id)).toBe(sold.license.expiresAt!.getTime());
    expect(await verifyCode(db, sold.license.id)).toBe("EXPIRED");
    expect(await auditOf(db, "license.renewal_rolled_back", `license:${sold.license.id}`)).toHaveLength(1);
    expect(await auditOf(db, "order.refunded", `order:${orderId}`)).toHaveLength(1);
  });

  it("a dispute of a renewal (charge.dispute.created) rolls it back and does not revoke", async () => {
    const db = getDb();
    const sold = await soldKey(db, { expiresInDays: 10 });
    const { orderId, sessionId } = await paidRenewal(db, sold);
    const dispute = fakeStripe().openDispute(sessionId);
    expect((await deliver(dispute)).body.outcome).toBe("processed");
    expect((await deliver(dispute)).body.outcome).toBe("duplicate");
    expect(await expiryOf(db, sold.license.id)).toBe(sold.license.expiresAt!.getTime());
    expect((await keyOf(db, sold.license.id)).revokedAt).toBeNull();
    expect(await db.order.findUniqueOrThrow({ where: { id: orderId } })).toMatchObject({ status: "disputed", needsReview: true });
    expect((await lineOf(db, orderId)).rolledBackAt).toBeInstanceOf(Date);
  });

  it("a session that charged less than the renewal's price does not move the key: held for review", async () => {
    const db = getDb();
    const sold = await soldKey(db, { expiresInDays: 10 });
    const { orderId, sessionId } = await startRenewal(db, sold);
    expect((await deliver(fakeStripe().completeCheckout(sessionId, { charged: { amountTotal: 100 } }))).body.outcome).toBe("processed");
    expect(await expiryOf(db, sold.license.id)).toBe(sold.license.expiresAt!.getTime());
    expect(await db.order.findUniqueOrThrow({ where: { id: orderId } })).toMatchObject({ status: "pending", needsReview: true });
  });

  it("a refund of the original purchase still revokes a key renewed through Stripe", async () => {
    const db = getDb();
    const sold = await soldKey(db, { expiresInDays: 10 });
    await paidRenewal(db, sold);
    // The original order was paid without Stripe (factories): refunded with no money to move.
    const result = await refundOrderAsAdmin(db, { request: { scope: "order", orderId: sold.purchaseOrderId }, adminId: "admin-1" });
    expect(result.revokedLicenseIds).toEqual([sold.license.id]);
    expect(await verifyCode(db, sold.license.id)).toBe("REVOKED");
  });
});
