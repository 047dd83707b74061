// The whole Stripe-mode purchase and refund, end to end against the fake Stripe server with real
// signatures: checkout → session → signed checkout.session.completed → keys VALID → the admin
// refunds through refunds.create (keys revoked at once) → signed charge.refunded changes nothing.
import { expect, it } from "vitest";
import type { Db } from "../../../lib/db";
import { normalizeDomain } from "../../../lib/licenses/environment";
import { normalizeLicenseKey } from "../../../lib/licenses/key";
import { verifyLicense } from "../../../lib/licenses/verify-license";
import { refundOrderAsAdmin } from "../../../lib/payments/refund-as-admin";
import { describeEachDatabase } from "../../helpers/test-databases";
import { auditEntries, licenseAuditEntries, licensesOf, orderOf, send, startStripePurchase, fakeStripeForFile, webhookTarget } from "./helpers";

const fakeStripe = fakeStripeForFile();

/** The refunds.create calls the store made for one order (the fake serves every test of the file). */
const refundRequestsFor = (orderId: string) =>
  fakeStripe().requestsTo("POST", "/v1/refunds").filter((r) => (r.body.metadata as Record<string, string> | undefined)?.order_id === orderId);

async function verifyKey(db: Db, key: string) {
  const domain = normalizeDomain("customer-site.example");
  if (!domain.ok) throw new Error("bad test domain");
  return verifyLicense(db, { key: normalizeLicenseKey(key) }, { environment: domain.environment, rawValue: "customer-site.example", clientIp: null, userAgent: null });
}

describeEachDatabase("Stripe purchase and refund journey", (getDb) => {
  it("buys two keys, verifies one, refunds the whole order from Admin, and the webhook revokes nothing twice", async () => {
    const db = getDb();
    const fake = fakeStripe();
    const { orderId, sessionId, redirectUrl, product, customer } = await startStripePurchase(db, fake, { quantity: 2 });

    // The Checkout Session: our prices, our order id in three places, our URLs.
    const session = fake.sessions.get(sessionId);
    expect(redirectUrl).toBe(session?.url);
    const created = fake.requestsTo("POST", "/v1/checkout/sessions").find((r) => r.body.client_reference_id === orderId);
    expect(created?.body).toMatchObject({
      mode: "payment",
      client_reference_id: orderId,
      customer_email: customer.email,
      metadata: { order_id: orderId },
      payment_intent_data: { metadata: { order_id: orderId } },
      line_items: [{ quantity: "2", price_data: { currency: "usd", unit_amount: "4900", product_data: { name: product.name } } }],
      success_url: `http://store.test/checkout/success?order=${orderId}`,
      cancel_url: `http://store.test/checkout/cancel?order=${orderId}`,
    });
    expect(created?.idempotencyKey).toBe(`checkout-session:${orderId}`);
    expect(await orderOf(db, orderId)).toMatchObject({ status: "pending", provider: "stripe", amountCents: 9800 });

    // The buyer pays; Stripe signs and sends checkout.session.completed (twice, as it may).
    const completed = fake.completeCheckout(sessionId);
    expect((await send(fake, db, completed)).body.outcome).toBe("processed");
    expect((await send(fake, db, completed)).body.outcome).toBe("duplicate");
    const keys = await licensesOf(db, orderId);
    expect(keys).toHaveLength(2);
    const [first] = keys;
    if (!first) throw new Error("no key issued");
    expect(await verifyKey(db, first.key)).toMatchObject({ valid: true, code: "VALID" });

    // The admin refunds the whole order: one refunds.create naming both keys; keys revoked at once.
    const admin = await db.user.create({ data: { email: `admin-${orderId}@example.org`, role: "ADMIN" } });
    const result = await refundOrderAsAdmin(db, { request: { scope: "order", orderId }, adminId: admin.id });
    expect(result).toMatchObject({ status: "refunded", refundedCents: 9800 });
    const refundCalls = refundRequestsFor(orderId);
    expect(refundCalls).toHaveLength(1);
    expect(refundCalls[0]?.body).toMatchObject({
      payment_intent: (await orderOf(db, orderId)).stripePaymentIntentId,
      amount: "9800",
      metadata: { order_id: orderId, license_ids: keys.map((k) => k.id).join(",") },
    });
    const revoked = await licensesOf(db, orderId);
    expect(revoked.map((k) => [k.revokeReason, k.revokedBy])).toEqual([["Refunded", admin.id], ["Refunded", admin.id]]);
    expect(await verifyKey(db, first.key)).toMatchObject({ valid: false, code: "REVOKED", message: "License has been revoked" });

    // Stripe's charge.refunded for that refund arrives (twice): nothing left to change.
    const refunded = fake.outbox.find((event) => event.type === "charge.refunded");
    if (!refunded) throw new Error("the fake did not queue charge.refunded");
    expect((await send(fake, db, refunded)).body.outcome).toBe("processed");
    expect((await send(fake, db, refunded)).body.outcome).toBe("duplicate");
    expect(await licensesOf(db, orderId)).toEqual(revoked);
    expect(await licenseAuditEntries(db, "license.revoked", keys.map((k) => k.id))).toHaveLength(2);
    expect(await auditEntries(db, "order.refunded", `order:${orderId}`)).toHaveLength(1);
    expect(await orderOf(db, orderId)).toMatchObject({ status: "refunded", refundedCents: 9800, needsReview: false });
  });

  it("refunds chosen keys from Admin: only those are revoked and named in the refund; the webhook agrees", async () => {
    const db = getDb();
    const fake = fakeStripe();
    const { orderId, sessionId } = await startStripePurchase(db, fake, { quantity: 3 });
    await send(fake, db, fake.completeCheckout(sessionId));
    const [a, b, c] = await licensesOf(db, orderId);
    if (!a || !b || !c) throw new Error("expected three keys");

    const result = await refundOrderAsAdmin(db, { request: { scope: "licenses", orderId, licenseIds: [b.id] }, adminId: "admin-test" });
    expect(result).toMatchObject({ status: "partially_refunded", refundedCents: 4900, revokedLicenseIds: [b.id] });
    expect(refundRequestsFor(orderId).at(-1)?.body).toMatchObject({ amount: "4900", metadata: { license_ids: b.id } });

    const answers = await fake.deliverAll(webhookTarget(db));
    expect(answers.map((r) => r.status)).toEqual([200]);
    const after = await licensesOf(db, orderId);
    expect(after.filter((k) => k.revokedAt !== null).map((k) => k.id)).toEqual([b.id]);
    expect(await orderOf(db, orderId)).toMatchObject({ status: "partially_refunded", refundedCents: 4900, needsReview: false });
    expect(await auditEntries(db, "order.refunded", `order:${orderId}`)).toHaveLength(1);

    // Refunding an already refunded key is refused before any money moves.
    await expect(
      refundOrderAsAdmin(db, { request: { scope: "licenses", orderId, licenseIds: [b.id] }, adminId: "admin-test" }),
    ).rejects.toMatchObject({ status: 400, code: "INVALID_LICENSES" });
    expect(refundRequestsFor(orderId)).toHaveLength(1);
  });
});
