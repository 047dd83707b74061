// Renewing a key through the demo checkout on SQLite and PostgreSQL: the same key runs on (stacked
// before expiry, from today after it), the order line and receipt say so; refusals change nothing;
// the renewal price with the store's and the product's discount; concurrent payments of one key
// add exactly one term each; a key revoked before its renewal was paid is left revoked and flagged.
import { describe, expect, it } from "vitest";
import type { Db } from "../../../lib/db";
import { formatExpiry } from "../../../lib/licenses/format";
import { replaceLicense } from "../../../lib/licenses/replace-license";
import { revokeLicense } from "../../../lib/licenses/revoke-license";
import { fulfilOrder } from "../../../lib/orders/fulfil-order";
import { payDemoOrder } from "../../../lib/payments/demo-checkout";
import { beginRenewalCheckout, beginUpgradeCheckout } from "../../../lib/renewals/begin-change-checkout";
import { setStoreRenewalDiscountPercent } from "../../../lib/renewals/settings";
import { RENEWAL_REFUSALS } from "../../../lib/renewals/terms";
import { createCustomer, createProduct, issueTestLicense } from "../../helpers/factories";
import { describeEachDatabase } from "../../helpers/test-databases";
import { auditOf, daysFromNow, expiryOf, keyOf, lineOf, soldKey, TERM_MS } from "./helpers";
import { withDemoPayments } from "../../helpers/demo-payments";

withDemoPayments();

describeEachDatabase("renewal checkout (demo payments)", (getDb) => {
  async function renew(db: Db, sold: Awaited<ReturnType<typeof soldKey>>) {
    const { orderId, redirectUrl } = await beginRenewalCheckout(db, { licenseId: sold.license.id, user: sold.buyer });
    expect(redirectUrl).toBe(`/checkout/demo/${orderId}`);
    return orderId;
  }

  it("10 days before expiry: the same key runs on from its expiry (old + 365 days); the line and the receipt say so", async () => {
    const db = getDb();
    const sold = await soldKey(db, { expiresInDays: 10 });
    const before = sold.license.expiresAt!.getTime();
    const orderId = await renew(db, sold);
    expect(await expiryOf(db, sold.license.id)).toBe(before); // nothing changes before the payment

    const paid = await payDemoOrder(db, { orderId, userId: sold.customer.id });
    expect(paid).toMatchObject({ outcome: "fulfilled", licenses: [] });
    const key = await keyOf(db, sold.license.id);
    expect(key.expiresAt!.getTime()).toBe(before + TERM_MS);
    expect(key).toMatchObject({ key: sold.license.key, revokedAt: null, productId: sold.product.id });
    expect(await db.license.count({ where: { userId: sold.customer.id } })).toBe(1); // no new key

    const line = await lineOf(db, orderId);
    expect(line).toMatchObject({ kind: "renewal", targetLicenseId: sold.license.id, quantity: 1, unitPriceCents: 4900 });
    expect(line.previousExpiresAt?.getTime()).toBe(before);
    expect(line.newExpiresAt?.getTime()).toBe(before + TERM_MS);
    expect(line.appliedAt).toBeInstanceOf(Date);

    const receipt = await db.emailMessage.findFirstOrThrow({ where: { kind: "receipt", userId: sold.customer.id } });
    expect(receipt.text).toContain(`renewed until ${formatExpiry(key.expiresAt)}`);
    expect(receipt.subject).toMatch(/license renewed/);
    expect(await auditOf(db, "license.renewed", `license:${sold.license.id}`)).toHaveLength(1);

    // Paying again changes nothing.
    expect((await payDemoOrder(db, { orderId, userId: sold.customer.id })).outcome).toBe("not_pending");
    expect(await expiryOf(db, sold.license.id)).toBe(before + TERM_MS);
  });

  it("30 days after expiry: the key restarts from today (now + 365 days), its activations kept", async () => {
    const db = getDb();
    const sold = await soldKey(db, { expiresInDays: -30 });
    await db.license.update({ where: { id: sold.license.id }, data: { activationsUsed: 1 } });
    const orderId = await renew(db, sold);
    const start = Date.now();
    await payDemoOrder(db, { orderId, userId: sold.customer.id });
    const end = Date.now();
    const expiry = await expiryOf(db, sold.license.id);
    expect(expiry).toBeGreaterThanOrEqual(start + TERM_MS);
    expect(expiry).toBeLessThanOrEqual(end + TERM_MS);
    expect((await keyOf(db, sold.license.id)).activationsUsed).toBe(1);
    expect((await lineOf(db, orderId)).previousExpiresAt?.getTime()).toBe(sold.license.expiresAt!.getTime());
  });

  describe("refusals: a clear error and no order", () => {
    async function expectRefused(db: Db, sold: Awaited<ReturnType<typeof soldKey>>, expected: { status: number; code: string; message?: string }) {
      const orders = await db.order.count();
      await expect(beginRenewalCheckout(db, { licenseId: sold.license.id, user: sold.buyer })).rejects.toMatchObject(expected);
      expect(await db.order.count()).toBe(orders);
    }

    it("a lifetime key", async () => {
      const db = getDb();
      await expectRefused(db, await soldKey(db, { expiresInDays: null }), { status: 409, code: "NOT_RENEWABLE", message: RENEWAL_REFUSALS.lifetime });
    });

    it("a key whose product now sells lifetime keys", async () => {
      const db = getDb();
      const sold = await soldKey(db);
      await db.product.update({ where: { id: sold.product.id }, data: { validityDays: null } });
      await expectRefused(db, sold, { status: 409, code: "NOT_RENEWABLE", message: RENEWAL_REFUSALS.lifetime });
    });

    it("a revoked key", async () => {
      const db = getDb();
      const sold = await soldKey(db);
      await revokeLicense(db, { licenseId: sold.license.id, reason: "test", actor: "test" });
      await expectRefused(db, sold, { status: 409, code: "NOT_RENEWABLE", message: RENEWAL_REFUSALS.revoked });
    });

    it("a replaced key: renew its replacement", async () => {
      const db = getDb();
      const sold = await soldKey(db);
      const replaced = await replaceLicense(db, { licenseId: sold.license.id, actor: "test" });
      await expectRefused(db, sold, { status: 409, code: "NOT_RENEWABLE", message: RENEWAL_REFUSALS.replaced });
      if (replaced.outcome !== "replaced") throw new Error("expected a replacement");
      const { orderId } = await beginRenewalCheckout(db, { licenseId: replaced.replacement.id, user: sold.buyer });
      expect((await lineOf(db, orderId)).targetLicenseId).toBe(replaced.replacement.id);
    });

    it("61 days before expiry: too early; 59 days before: open", async () => {
      const db = getDb();
      await expectRefused(db, await soldKey(db, { expiresInDays: 61 }), { status: 409, code: "NOT_RENEWABLE", message: RENEWAL_REFUSALS.too_early });
      const open = await soldKey(db, { expiresInDays: 59 });
      await expect(beginRenewalCheckout(db, { licenseId: open.license.id, user: open.buyer })).resolves.toMatchObject({ orderId: expect.any(String) });
    });

    it("another customer's key, or no such key: 404 that says nothing more", async () => {
      const db = getDb();
      const sold = await soldKey(db);
      const stranger = await createCustomer(db);
      for (const licenseId of [sold.license.id, "no-such-key"]) {
        await expect(beginRenewalCheckout(db, { licenseId, user: stranger })).rejects.toMatchObject({ status: 404, code: "NOT_FOUND", message: "License not found" });
        await expect(beginUpgradeCheckout(db, { licenseId, toProductSlug: "x", user: stranger })).rejects.toMatchObject({ status: 404, code: "NOT_FOUND" });
      }
      expect(await db.order.count({ where: { userId: stranger.id } })).toBe(0);
    });

    it("a key the owner issued to an unconfirmed account is hidden from it: 404, as on its pages", async () => {
      const db = getDb();
      const unconfirmed = await createCustomer(db, { verified: false });
      const product = await createProduct(db, { validityDays: 365 });
      const { license } = await issueTestLicense(db, { customer: unconfirmed, product, expiresAt: daysFromNow(10) });
      await expect(beginRenewalCheckout(db, { licenseId: license.id, user: unconfirmed })).rejects.toMatchObject({ status: 404, code: "NOT_FOUND" });
      await db.user.update({ where: { id: unconfirmed.id }, data: { emailVerifiedAt: new Date() } });
      await expect(beginRenewalCheckout(db, { licenseId: license.id, user: unconfirmed })).resolves.toMatchObject({ orderId: expect.any(String) });
    });

    it("an upgrade with no path: 409 NO_UPGRADE", async () => {
      const db = getDb();
      const sold = await soldKey(db);
      const other = await soldKey(db); // a real product, but no path to it
      await expect(beginUpgradeCheckout(db, { licenseId: sold.license.id, toProductSlug: other.product.slug, user: sold.buyer })).rejects.toMatchObject({
        status: 409,
        code: "NO_UPGRADE",
      });
      expect(await db.order.count({ where: { userId: sold.customer.id, status: "pending" } })).toBe(0);
    });
  });

  describe("renewal price: the store's discount, a product's own", () => {
    // One store setting per database: each case sets it before checking out.
    it.each([
      [25, null, 3675],
      [25, 0, 4900],
      [0, 25, 3675],
      [10, 100, 0],
    ])("store %i %, product %s % → %i cents", async (storePercent, productPercent, expectedCents) => {
      const db = getDb();
      await setStoreRenewalDiscountPercent(db, storePercent);
      const sold = await soldKey(db);
      await db.product.update({ where: { id: sold.product.id }, data: { renewalDiscountPercent: productPercent } });
      const before = sold.license.expiresAt!.getTime();
      const { orderId, redirectUrl } = await beginRenewalCheckout(db, { licenseId: sold.license.id, user: sold.buyer });
      const order = await db.order.findUniqueOrThrow({ where: { id: orderId } });
      expect(order.amountCents).toBe(expectedCents);
      expect((await lineOf(db, orderId)).unitPriceCents).toBe(expectedCents);
      if (expectedCents === 0) {
        // Nothing to pay: fulfilled at once, no payment page.
        expect(redirectUrl).toBe(`/account/orders/${orderId}`);
        expect(order.status).toBe("paid");
        expect(await expiryOf(db, sold.license.id)).toBe(before + TERM_MS);
      } else {
        expect(order.status).toBe("pending");
        expect(await expiryOf(db, sold.license.id)).toBe(before);
      }
      await setStoreRenewalDiscountPercent(db, 0);
    });
  });

  it("concurrent payments of two renewals of one key add exactly two terms (several rounds)", async () => {
    const db = getDb();
    for (let round = 0; round < 5; round++) {
      const sold = await soldKey(db, { expiresInDays: 10 });
      const before = sold.license.expiresAt!.getTime();
      const first = await renew(db, sold);
      const second = await renew(db, sold);
      const results = await Promise.all([fulfilOrder(db, first, "test"), fulfilOrder(db, second, "test")]);
      expect(results.map((r) => r.outcome)).toEqual(["fulfilled", "fulfilled"]);
      expect(await expiryOf(db, sold.license.id)).toBe(before + 2 * TERM_MS);
      const lines = await db.orderItem.findMany({ where: { orderId: { in: [first, second] } } });
      // Each line records the step it made: one from the old expiry, the next from there.
      const steps = lines.map((line) => [line.previousExpiresAt!.getTime(), line.newExpiresAt!.getTime()]).sort((a, b) => a[0]! - b[0]!);
      expect(steps).toEqual([
        [before, before + TERM_MS],
        [before + TERM_MS, before + 2 * TERM_MS],
      ]);
      expect(await auditOf(db, "license.renewed", `license:${sold.license.id}`)).toHaveLength(2);
    }
  });

  it("the same renewal paid by several calls at once extends once", async () => {
    const db = getDb();
    const sold = await soldKey(db, { expiresInDays: 10 });
    const orderId = await renew(db, sold);
    const results = await Promise.all(Array.from({ length: 4 }, () => fulfilOrder(db, orderId, "test")));
    expect(results.filter((r) => r.outcome === "fulfilled")).toHaveLength(1);
    expect(await expiryOf(db, sold.license.id)).toBe(sold.license.expiresAt!.getTime() + TERM_MS);
  });

  it("a key revoked after checkout and before payment: the order is paid, the key stays revoked, the order needs review", async () => {
    const db = getDb();
    const sold = await soldKey(db, { expiresInDays: 10 });
    const orderId = await renew(db, sold);
    await revokeLicense(db, { licenseId: sold.license.id, reason: "leaked", actor: "admin" });

    expect((await payDemoOrder(db, { orderId, userId: sold.customer.id })).outcome).toBe("fulfilled");
    const key = await keyOf(db, sold.license.id);
    expect(key.revokedAt).toBeInstanceOf(Date);
    expect(key.expiresAt?.getTime()).toBe(sold.license.expiresAt!.getTime());
    expect(await db.order.findUniqueOrThrow({ where: { id: orderId } })).toMatchObject({ status: "paid", needsReview: true });
    expect((await lineOf(db, orderId)).appliedAt).toBeNull();
    const [entry, ...more] = await auditOf(db, "order.change_not_applied", `order:${orderId}`);
    expect(more).toHaveLength(0);
    expect(entry?.details).toContain("the key was revoked");
    expect(await auditOf(db, "license.renewed", `license:${sold.license.id}`)).toHaveLength(0);
  });
});
