// Refunds and disputes of renewals and upgrades on SQLite and PostgreSQL (demo orders, refunded by
// the admin): a renewal's refund takes its term back off the key (Expired perhaps, never revoked),
// once; an upgrade moves product, name and limit and its refund moves them back; a refund of the
// original purchase still revokes the key; concurrent refunds of one key's renewals each take one term.
import { describe, expect, it } from "vitest";
import type { Db } from "../../../lib/db";
import { disputeOrder } from "../../../lib/orders/dispute-order";
import { fulfilOrder } from "../../../lib/orders/fulfil-order";
import { refundOrder } from "../../../lib/orders/refund-order";
import { payDemoOrder } from "../../../lib/payments/demo-checkout";
import { refundOrderAsAdmin } from "../../../lib/payments/refund-as-admin";
import { mayDownload } from "../../../lib/releases/entitlement";
import { beginRenewalCheckout, beginUpgradeCheckout } from "../../../lib/renewals/begin-change-checkout";
import { describeEachDatabase } from "../../helpers/test-databases";
import { auditOf, expiryOf, keyOf, lineOf, soldKey, TERM_MS, upgradePath, verifyCode } from "./helpers";
import { withDemoPayments } from "../../helpers/demo-payments";

withDemoPayments();

type Sold = Awaited<ReturnType<typeof soldKey>>;

async function renewAndPay(db: Db, sold: Sold): Promise<string> {
  const [orderId] = await renewTwiceAndPay(db, sold, 1);
  return orderId!;
}

/**
 * `count` renewals of one key, all begun before any is paid (once one is paid the key is a year
 * out, past the renewal window), then paid in order: the stacked case.
 */
async function renewTwiceAndPay(db: Db, sold: Sold, count = 2): Promise<string[]> {
  const orderIds: string[] = [];
  for (let i = 0; i < count; i++) orderIds.push((await beginRenewalCheckout(db, { licenseId: sold.license.id, user: sold.buyer })).orderId);
  for (const orderId of orderIds) {
    const paid = await payDemoOrder(db, { orderId, userId: sold.customer.id });
    if (paid.outcome !== "fulfilled") throw new Error(`renewal not fulfilled: ${paid.outcome}`);
  }
  return orderIds;
}

const refundWhole = (db: Db, orderId: string) => refundOrderAsAdmin(db, { request: { scope: "order", orderId }, adminId: "admin-1" });
const orderRow = (db: Db, orderId: string) => db.order.findUniqueOrThrow({ where: { id: orderId } });

describeEachDatabase("refunds and upgrades", (getDb) => {
  describe("renewal refunds", () => {
    it("a full refund of a renewal takes its term back off the key, which stays valid and is not revoked", async () => {
      const db = getDb();
      const sold = await soldKey(db, { expiresInDays: 10 });
      const before = sold.license.expiresAt!.getTime();
      const orderId = await renewAndPay(db, sold);

      const result = await refundWhole(db, orderId);
      expect(result).toMatchObject({ status: "refunded", refundedCents: 4900, revokedLicenseIds: [], rolledBackLicenseIds: [sold.license.id] });
      expect(await expiryOf(db, sold.license.id)).toBe(before);
      expect((await keyOf(db, sold.license.id)).revokedAt).toBeNull();
      expect(await verifyCode(db, sold.license.id)).toBe("VALID");
      expect((await lineOf(db, orderId)).rolledBackAt).toBeInstanceOf(Date);
      expect(await auditOf(db, "license.renewal_rolled_back", `license:${sold.license.id}`)).toHaveLength(1);
      expect(await db.emailMessage.count({ where: { kind: "license_revoked", userId: sold.customer.id } })).toBe(0);
    });

    it("a refund replayed (the admin again, then the refund recorded again) rolls back once", async () => {
      const db = getDb();
      const sold = await soldKey(db, { expiresInDays: 10 });
      const before = sold.license.expiresAt!.getTime();
      const orderId = await renewAndPay(db, sold);
      await refundWhole(db, orderId);
      await expect(refundWhole(db, orderId)).rejects.toMatchObject({ status: 409, code: "ORDER_NOT_REFUNDABLE" });
      const again = await refundOrder(db, { orderId, licenses: "all", refunded: { totalCents: 4900 }, actor: "stripe" });
      expect(again).toMatchObject({ changed: false, rolledBackLicenseIds: [] });
      expect(await expiryOf(db, sold.license.id)).toBe(before);
      expect(await auditOf(db, "license.renewal_rolled_back", `license:${sold.license.id}`)).toHaveLength(1);
    });

    it("a refund of the renewal by its key (scope licenses) rolls it back the same way", async () => {
      const db = getDb();
      const sold = await soldKey(db, { expiresInDays: 10 });
      const orderId = await renewAndPay(db, sold);
      const result = await refundOrderAsAdmin(db, { request: { scope: "licenses", orderId, licenseIds: [sold.license.id] }, adminId: "admin-1" });
      expect(result).toMatchObject({ status: "refunded", refundedCents: 4900, rolledBackLicenseIds: [sold.license.id] });
      expect(await expiryOf(db, sold.license.id)).toBe(sold.license.expiresAt!.getTime());
    });

    it("a lapsed key renewed and refunded: Expired again (Verify says EXPIRED, not REVOKED)", async () => {
      const db = getDb();
      const sold = await soldKey(db, { expiresInDays: -30 });
      const orderId = await renewAndPay(db, sold);
      expect(await verifyCode(db, sold.license.id)).toBe("VALID");
      await refundWhole(db, orderId);
      const key = await keyOf(db, sold.license.id);
      expect(key.revokedAt).toBeNull();
      expect(key.expiresAt!.getTime()).toBeLessThanOrEqual(Date.now());
      // Exactly back where it was: nothing else moved the key meanwhile.
      expect(key.expiresAt!.getTime()).toBe(sold.license.expiresAt!.getTime());
      expect(await verifyCode(db, sold.license.id)).toBe("EXPIRED");
    });

    it("two stacked renewals, then a refund of the first: the expiry is exactly one term shorter", async () => {
      const db = getDb();
      const sold = await soldKey(db, { expiresInDays: 10 });
      const before = sold.license.expiresAt!.getTime();
      const [first] = await renewTwiceAndPay(db, sold);
      expect(await expiryOf(db, sold.license.id)).toBe(before + 2 * TERM_MS);
      await refundWhole(db, first!);
      expect(await expiryOf(db, sold.license.id)).toBe(before + TERM_MS);
    });

    it("a lapsed key renewed twice, then the first refunded: one term off, not the weeks it had lapsed", async () => {
      const db = getDb();
      const sold = await soldKey(db, { expiresInDays: -30 });
      const [first] = await renewTwiceAndPay(db, sold);
      const twoTerms = await expiryOf(db, sold.license.id);
      await refundWhole(db, first!);
      expect(await expiryOf(db, sold.license.id)).toBe(twoTerms - TERM_MS);
    });

    it("two renewals of one key refunded at the same time: each takes exactly one term", async () => {
      const db = getDb();
      for (let round = 0; round < 3; round++) {
        const sold = await soldKey(db, { expiresInDays: 10 });
        const before = sold.license.expiresAt!.getTime();
        const [first, second] = await renewTwiceAndPay(db, sold);
        await Promise.all([refundWhole(db, first!), refundWhole(db, second!)]);
        expect(await expiryOf(db, sold.license.id)).toBe(before);
      }
    });

    it("a refund of the original purchase still revokes the key, renewed or not", async () => {
      const db = getDb();
      const sold = await soldKey(db, { expiresInDays: 10 });
      await renewAndPay(db, sold);
      const result = await refundWhole(db, sold.purchaseOrderId);
      expect(result.revokedLicenseIds).toEqual([sold.license.id]);
      expect(await keyOf(db, sold.license.id)).toMatchObject({ revokeReason: "Refunded" });
      expect(await verifyCode(db, sold.license.id)).toBe("REVOKED");
    });

    it("a dispute of a renewal rolls it back and does not revoke; a repeat changes nothing", async () => {
      const db = getDb();
      const sold = await soldKey(db, { expiresInDays: 10 });
      const orderId = await renewAndPay(db, sold);
      expect(await disputeOrder(db, { orderId, actor: "stripe" })).toMatchObject({ revokedLicenseIds: [], changed: true });
      expect(await disputeOrder(db, { orderId, actor: "stripe" })).toMatchObject({ changed: false });
      expect(await expiryOf(db, sold.license.id)).toBe(sold.license.expiresAt!.getTime());
      expect((await keyOf(db, sold.license.id)).revokedAt).toBeNull();
      expect(await orderRow(db, orderId)).toMatchObject({ status: "disputed", needsReview: true });
      expect(await auditOf(db, "license.renewal_rolled_back", `license:${sold.license.id}`)).toHaveLength(1);
    });
  });

  describe("upgrades", () => {
    it("moves the same key to B (product, name, limit), keeps its expiry; downloads follow the product", async () => {
      const db = getDb();
      const sold = await soldKey(db, { expiresInDays: 100, maxActivations: 2 });
      const pro = await upgradePath(db, sold.product, { maxActivations: 5, priceCents: 9900 });
      const { orderId, redirectUrl } = await beginUpgradeCheckout(db, { licenseId: sold.license.id, toProductSlug: pro.slug, user: sold.buyer });
      expect(redirectUrl).toBe(`/checkout/demo/${orderId}`);
      expect(await orderRow(db, orderId)).toMatchObject({ amountCents: 5000 }); // B − A
      await payDemoOrder(db, { orderId, userId: sold.customer.id });

      const key = await keyOf(db, sold.license.id);
      expect(key).toMatchObject({ key: sold.license.key, productId: pro.id, productName: pro.name, maxActivations: 5, revokedAt: null });
      expect(key.expiresAt?.getTime()).toBe(sold.license.expiresAt!.getTime());
      expect(await lineOf(db, orderId)).toMatchObject({
        kind: "upgrade",
        previousProductId: sold.product.id,
        previousProductName: sold.product.name,
        previousMaxActivations: 2,
        appliedAt: expect.any(Date),
      });
      const published = { status: "published", publishedAt: new Date(Date.now() - 1000) };
      expect(mayDownload(key, { productId: pro.id, ...published }).ok).toBe(true);
      expect(mayDownload(key, { productId: sold.product.id, ...published })).toMatchObject({ ok: false, code: "PRODUCT_MISMATCH" });
      const receipt = await db.emailMessage.findFirstOrThrow({ where: { kind: "receipt", userId: sold.customer.id } });
      expect(receipt.text).toContain(`upgraded to ${pro.name}`);

      // Its refund moves product, name and limit back; the key is not revoked.
      const refund = await refundWhole(db, orderId);
      expect(refund).toMatchObject({ status: "refunded", refundedCents: 5000, revokedLicenseIds: [], rolledBackLicenseIds: [sold.license.id] });
      expect(await keyOf(db, sold.license.id)).toMatchObject({ productId: sold.product.id, productName: sold.product.name, maxActivations: 2, revokedAt: null });
      expect(await auditOf(db, "license.upgrade_rolled_back", `license:${sold.license.id}`)).toHaveLength(1);
      expect(await verifyCode(db, sold.license.id)).toBe("VALID");
    });

    it("the limit after an upgrade is never below what the key had or uses", async () => {
      const db = getDb();
      const sold = await soldKey(db, { expiresInDays: 100, maxActivations: 2 });
      await db.license.update({ where: { id: sold.license.id }, data: { maxActivations: 8, activationsUsed: 9 } });
      const pro = await upgradePath(db, sold.product, { maxActivations: 5, pathPriceCents: 1500 });
      const { orderId } = await beginUpgradeCheckout(db, { licenseId: sold.license.id, toProductSlug: pro.slug, user: sold.buyer });
      expect(await orderRow(db, orderId)).toMatchObject({ amountCents: 1500 }); // the path's own price
      await payDemoOrder(db, { orderId, userId: sold.customer.id });
      expect((await keyOf(db, sold.license.id)).maxActivations).toBe(9);
      await refundWhole(db, orderId);
      expect((await keyOf(db, sold.license.id)).maxActivations).toBe(8);
    });

    it("an upgrade paid twice for the same key applies once; the second order needs review", async () => {
      const db = getDb();
      const sold = await soldKey(db, { expiresInDays: 100 });
      const pro = await upgradePath(db, sold.product);
      const first = await beginUpgradeCheckout(db, { licenseId: sold.license.id, toProductSlug: pro.slug, user: sold.buyer });
      const second = await beginUpgradeCheckout(db, { licenseId: sold.license.id, toProductSlug: pro.slug, user: sold.buyer });
      const results = await Promise.all([fulfilOrder(db, first.orderId, "test"), fulfilOrder(db, second.orderId, "test")]);
      expect(results.map((r) => r.outcome)).toEqual(["fulfilled", "fulfilled"]);

      const lines = await db.orderItem.findMany({ where: { orderId: { in: [first.orderId, second.orderId] } } });
      const applied = lines.filter((line) => line.appliedAt);
      expect(applied).toHaveLength(1);
      const losing = lines.find((line) => !line.appliedAt)!;
      expect(await orderRow(db, losing.orderId)).toMatchObject({ status: "paid", needsReview: true });
      expect(await orderRow(db, applied[0]!.orderId)).toMatchObject({ status: "paid", needsReview: false });
      expect(await auditOf(db, "license.upgraded", `license:${sold.license.id}`)).toHaveLength(1);
      expect(await auditOf(db, "order.change_not_applied", `order:${losing.orderId}`)).toHaveLength(1);

      // Refunding the order that changed nothing leaves the key upgraded.
      const refund = await refundWhole(db, losing.orderId);
      expect(refund).toMatchObject({ status: "refunded", rolledBackLicenseIds: [], revokedLicenseIds: [] });
      expect(await keyOf(db, sold.license.id)).toMatchObject({ productId: pro.id });
    });

    it("a renewal after an upgrade renews at B; refunding the upgrade keeps the renewed term", async () => {
      const db = getDb();
      const sold = await soldKey(db, { expiresInDays: 10 });
      const before = sold.license.expiresAt!.getTime();
      const pro = await upgradePath(db, sold.product);
      const upgrade = await beginUpgradeCheckout(db, { licenseId: sold.license.id, toProductSlug: pro.slug, user: sold.buyer });
      await payDemoOrder(db, { orderId: upgrade.orderId, userId: sold.customer.id });
      const renewal = await renewAndPay(db, sold);
      expect(await orderRow(db, renewal)).toMatchObject({ amountCents: 9900 });
      expect(await lineOf(db, renewal)).toMatchObject({ productId: pro.id });
      await refundWhole(db, upgrade.orderId);
      expect(await keyOf(db, sold.license.id)).toMatchObject({ productId: sold.product.id });
      expect(await expiryOf(db, sold.license.id)).toBe(before + TERM_MS);
    });

    it("a refund of A → B after the key moved on to C leaves it on C and flags the order for review", async () => {
      const db = getDb();
      const sold = await soldKey(db, { expiresInDays: 100 });
      const pro = await upgradePath(db, sold.product);
      const agency = await upgradePath(db, pro, { maxActivations: 0, priceCents: 19900 });
      const first = await beginUpgradeCheckout(db, { licenseId: sold.license.id, toProductSlug: pro.slug, user: sold.buyer });
      await payDemoOrder(db, { orderId: first.orderId, userId: sold.customer.id });
      const second = await beginUpgradeCheckout(db, { licenseId: sold.license.id, toProductSlug: agency.slug, user: sold.buyer });
      await payDemoOrder(db, { orderId: second.orderId, userId: sold.customer.id });
      expect(await keyOf(db, sold.license.id)).toMatchObject({ productId: agency.id, maxActivations: 0 });

      const refund = await refundWhole(db, first.orderId);
      expect(refund).toMatchObject({ status: "refunded", refundedCents: 5000, rolledBackLicenseIds: [], revokedLicenseIds: [] });
      expect(await keyOf(db, sold.license.id)).toMatchObject({ productId: agency.id, productName: agency.name, maxActivations: 0, revokedAt: null });
      expect(await orderRow(db, first.orderId)).toMatchObject({ needsReview: true });
      expect(await auditOf(db, "license.upgrade_rollback_skipped", `license:${sold.license.id}`)).toHaveLength(1);

      // Refunding C → back to B, as it was before that upgrade.
      await refundWhole(db, second.orderId);
      expect(await keyOf(db, sold.license.id)).toMatchObject({ productId: pro.id, productName: pro.name, maxActivations: 5 });
      expect(await orderRow(db, second.orderId)).toMatchObject({ needsReview: false });
    });

    it("a dispute of an upgrade puts the key back on A, not revoked", async () => {
      const db = getDb();
      const sold = await soldKey(db, { expiresInDays: 100 });
      const pro = await upgradePath(db, sold.product);
      const { orderId } = await beginUpgradeCheckout(db, { licenseId: sold.license.id, toProductSlug: pro.slug, user: sold.buyer });
      await payDemoOrder(db, { orderId, userId: sold.customer.id });
      await disputeOrder(db, { orderId, actor: "stripe" });
      expect(await keyOf(db, sold.license.id)).toMatchObject({ productId: sold.product.id, productName: sold.product.name, revokedAt: null });
    });
  });
});
