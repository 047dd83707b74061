// Admin refunds of one order at the same time, on SQLite and PostgreSQL: the refunded total is the
// sum of the refunds (added in the database, never computed from a read that another refund has
// made stale), the status comes from the row as updated, and every refund writes its own audit
// entry. Demo orders move no money; Stripe orders go through the fake Stripe server, whose
// charge.refunded events (Stripe's cumulative totals) then change nothing, in any order.
import { describe, expect, it } from "vitest";
import type { Db } from "../../../lib/db";
import { createOrder } from "../../../lib/orders/create-order";
import { fulfilOrder } from "../../../lib/orders/fulfil-order";
import { refundOrderAsAdmin } from "../../../lib/payments/refund-as-admin";
import { createCustomer, createProduct } from "../../helpers/factories";
import { describeEachDatabase } from "../../helpers/test-databases";
import { auditEntries, licenseAuditEntries, licensesOf, orderOf, send, startStripePurchase, fakeStripeForFile } from "./helpers";

const fakeStripe = fakeStripeForFile();
const PRICE = 4900;

/** A paid demo order of `quantity` keys (the store runs in Stripe mode here; demo orders still refund). */
async function paidDemoOrder(db: Db, quantity: number) {
  const customer = await createCustomer(db);
  const product = await createProduct(db, { maxActivations: 5 });
  const order = await createOrder(db, { userId: customer.id, provider: "demo", items: [{ productSlug: product.slug, quantity }] });
  expect((await fulfilOrder(db, order.id, customer.id)).outcome).toBe("fulfilled");
  return { orderId: order.id, keys: await licensesOf(db, order.id) };
}

async function paidStripeOrder(db: Db, quantity: number) {
  const { orderId, sessionId } = await startStripePurchase(db, fakeStripe(), { quantity });
  expect((await send(fakeStripe(), db, fakeStripe().completeCheckout(sessionId))).body.outcome).toBe("processed");
  return { orderId, sessionId, keys: await licensesOf(db, orderId) };
}

/** One admin per key, all at once. */
const refundEachKeyAtOnce = (db: Db, orderId: string, licenseIds: string[]) =>
  Promise.all(
    licenseIds.map((licenseId, index) =>
      refundOrderAsAdmin(db, { request: { scope: "licenses", orderId, licenseIds: [licenseId] }, adminId: `admin-${index}` }),
    ),
  );

/** The refunded totals the order's audit entries record, smallest first. */
async function auditedTotals(db: Db, orderId: string) {
  const entries = await auditEntries(db, "order.refunded", `order:${orderId}`);
  return entries.map((entry) => (JSON.parse(entry.details ?? "{}") as { refundedCents: number }).refundedCents).sort((a, b) => a - b);
}

describeEachDatabase("concurrent admin refunds", (getDb) => {
  describe("demo orders", () => {
    it("five admins refund five different keys at once: the total is the sum, one audit entry each", async () => {
      const db = getDb();
      const { orderId, keys } = await paidDemoOrder(db, 6);
      const chosen = keys.slice(0, 5).map((key) => key.id);

      const results = await refundEachKeyAtOnce(db, orderId, chosen);

      expect(results.map((result) => result.revokedLicenseIds)).toEqual(chosen.map((id) => [id]));
      expect(await orderOf(db, orderId)).toMatchObject({ status: "partially_refunded", refundedCents: 5 * PRICE, needsReview: false });
      expect((await licensesOf(db, orderId)).filter((key) => key.revokedAt !== null).map((key) => key.id).sort()).toEqual([...chosen].sort());
      expect(await licenseAuditEntries(db, "license.revoked", chosen)).toHaveLength(5);
      // Each refund saw the row as it updated it: the totals step by one key each.
      expect(await auditedTotals(db, orderId)).toEqual([1, 2, 3, 4, 5].map((n) => n * PRICE));
    });

    it("every key refunded at once: the order is refunded in full", async () => {
      const db = getDb();
      const { orderId, keys } = await paidDemoOrder(db, 3);

      const results = await refundEachKeyAtOnce(db, orderId, keys.map((key) => key.id));

      expect(await orderOf(db, orderId)).toMatchObject({ status: "refunded", refundedCents: 3 * PRICE });
      // Whichever refund came last saw the whole total and says so.
      expect(results.filter((result) => result.status === "refunded")).toHaveLength(1);
      expect(await auditedTotals(db, orderId)).toEqual([PRICE, 2 * PRICE, 3 * PRICE]);
      expect((await licensesOf(db, orderId)).every((key) => key.revokeReason === "Refunded")).toBe(true);
    });

    it("the same key refunded twice at once (a double click) is counted once", async () => {
      const db = getDb();
      const { orderId, keys } = await paidDemoOrder(db, 3);
      const [key] = keys;
      if (!key) throw new Error("no key issued");

      const results = await refundEachKeyAtOnce(db, orderId, [key.id, key.id]);

      expect(results.flatMap((result) => result.revokedLicenseIds)).toEqual([key.id]);
      expect(await orderOf(db, orderId)).toMatchObject({ status: "partially_refunded", refundedCents: PRICE });
      expect(await auditEntries(db, "order.refunded", `order:${orderId}`)).toHaveLength(1);
    });

    it("a whole-order refund racing a key refund never records more than the order's amount", async () => {
      const db = getDb();
      const { orderId, keys } = await paidDemoOrder(db, 2);
      const [key] = keys;
      if (!key) throw new Error("no key issued");

      await Promise.all([
        refundOrderAsAdmin(db, { request: { scope: "order", orderId }, adminId: "admin-whole" }),
        refundOrderAsAdmin(db, { request: { scope: "licenses", orderId, licenseIds: [key.id] }, adminId: "admin-key" }),
      ]);

      expect(await orderOf(db, orderId)).toMatchObject({ status: "refunded", refundedCents: 2 * PRICE });
      expect((await licensesOf(db, orderId)).every((k) => k.revokedAt !== null)).toBe(true);
    });
  });

  describe("Stripe orders", () => {
    it("three admins refund three keys at once: three Stripe refunds, the order records their sum; the webhooks agree", async () => {
      const db = getDb();
      const { orderId, sessionId, keys } = await paidStripeOrder(db, 4);
      const chosen = keys.slice(0, 3).map((key) => key.id);

      await refundEachKeyAtOnce(db, orderId, chosen);

      const charge = fakeStripe().chargeOf(sessionId);
      expect(charge.amount_refunded).toBe(3 * PRICE);
      expect(await orderOf(db, orderId)).toMatchObject({ status: "partially_refunded", refundedCents: 3 * PRICE, needsReview: false });
      expect(await auditedTotals(db, orderId)).toEqual([PRICE, 2 * PRICE, 3 * PRICE]);

      // Stripe's charge.refunded events carry cumulative totals; delivered newest first, the older
      // (smaller) totals must not lower the order's, and nothing is revoked or audited twice.
      const events = fakeStripe().outbox.splice(0).filter((event) => event.type === "charge.refunded");
      expect(events).toHaveLength(3);
      for (const event of events.reverse()) expect((await send(fakeStripe(), db, event)).body.outcome).toBe("processed");
      expect(await orderOf(db, orderId)).toMatchObject({ status: "partially_refunded", refundedCents: 3 * PRICE, needsReview: false });
      expect(await auditEntries(db, "order.refunded", `order:${orderId}`)).toHaveLength(3);
      expect(await licenseAuditEntries(db, "license.revoked", chosen)).toHaveLength(3);
    });

    it("a double click on one key's refund makes one Stripe refund and counts it once", async () => {
      const db = getDb();
      const { orderId, sessionId, keys } = await paidStripeOrder(db, 2);
      const [key] = keys;
      if (!key) throw new Error("no key issued");

      await refundEachKeyAtOnce(db, orderId, [key.id, key.id]);

      expect(fakeStripe().chargeOf(sessionId).amount_refunded).toBe(PRICE);
      expect(await orderOf(db, orderId)).toMatchObject({ status: "partially_refunded", refundedCents: PRICE });
    });

    it("charge.refunded events delivered at once keep the largest total and end refunded", async () => {
      const db = getDb();
      const { orderId, sessionId, keys } = await paidStripeOrder(db, 3);
      fakeStripe().outbox.length = 0;
      for (let refund = 0; refund < 3; refund++) fakeStripe().refundFromDashboard(sessionId, PRICE);
      const events = fakeStripe().outbox.splice(0);
      expect(events).toHaveLength(3);

      const answers = await Promise.all(events.map((event) => send(fakeStripe(), db, event)));

      expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200]);
      expect(await orderOf(db, orderId)).toMatchObject({ status: "refunded", refundedCents: 3 * PRICE });
      expect(await licenseAuditEntries(db, "license.revoked", keys.map((key) => key.id))).toHaveLength(3);
    });
  });
});
