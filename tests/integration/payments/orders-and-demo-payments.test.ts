// Orders and demo payments on SQLite and PostgreSQL: prices from our database, fulfilOrder issuing
// one key per unit exactly once (also under concurrency), the demo checkout and demo refunds, and
// production without Stripe refusing checkout without writing an order.
import { describe, expect, it, vi } from "vitest";
import type { Db } from "../../../lib/db";
import { createOrder } from "../../../lib/orders/create-order";
import { fulfilOrder } from "../../../lib/orders/fulfil-order";
import { quantitySchema } from "../../../lib/orders/schemas";
import { beginCheckout } from "../../../lib/payments/begin-checkout";
import { cancelDemoOrder, payDemoOrder } from "../../../lib/payments/demo-checkout";
import { refundOrderAsAdmin } from "../../../lib/payments/refund-as-admin";
import { createCustomer, createProduct } from "../../helpers/factories";
import { describeEachDatabase } from "../../helpers/test-databases";
import { auditEntries, licensesOf, orderOf } from "./helpers";
import { withDemoPayments } from "../../helpers/demo-payments";

withDemoPayments();

async function demoOrder(db: Db, quantity = 1) {
  const customer = await createCustomer(db);
  const product = await createProduct(db, { maxActivations: 5, validityDays: 365 });
  const { orderId, redirectUrl } = await beginCheckout(db, { user: customer, productSlug: product.slug, quantity });
  return { customer, product, orderId, redirectUrl };
}

describe("quantity", () => {
  it.each([["1", 1], [" 7 ", 7], ["100", 100]])("accepts %j", (input, expected) => {
    expect(quantitySchema.parse(input)).toBe(expected);
  });
  it.each(["0", "101", "1.5", "-1", "abc", ""])("refuses %j", (input) => {
    expect(quantitySchema.safeParse(input).success).toBe(false);
  });
});

describeEachDatabase("orders and demo payments", (getDb) => {
  describe("createOrder", () => {
    it("prices each line from our database and keeps the product's name as a snapshot", async () => {
      const db = getDb();
      const customer = await createCustomer(db);
      const [one, two] = [await createProduct(db), await createProduct(db)];
      await db.product.update({ where: { id: two.id }, data: { priceCents: 1250 } });
      const order = await createOrder(db, {
        userId: customer.id,
        provider: "demo",
        items: [{ productSlug: one.slug, quantity: 2 }, { productSlug: two.slug, quantity: 3 }],
      });
      expect(order).toMatchObject({ status: "pending", provider: "demo", amountCents: 2 * 4900 + 3 * 1250, currency: "usd", refundedCents: 0 });
      expect(order.items.map((i) => [i.productName, i.unitPriceCents, i.quantity])).toEqual([
        [one.name, 4900, 2],
        [two.name, 1250, 3],
      ]);
    });

    it("refuses an inactive or unknown product before writing anything", async () => {
      const db = getDb();
      const customer = await createCustomer(db);
      const hidden = await createProduct(db);
      await db.product.update({ where: { id: hidden.id }, data: { active: false } });
      for (const productSlug of [hidden.slug, "no-such-product"]) {
        await expect(createOrder(db, { userId: customer.id, provider: "demo", items: [{ productSlug, quantity: 1 }] })).rejects.toMatchObject({
          status: 404,
          code: "PRODUCT_NOT_FOUND",
        });
      }
      expect(await db.order.count({ where: { userId: customer.id } })).toBe(0);
    });
  });

  describe("fulfilOrder", () => {
    it("issues one key per unit with the product's limits and the purchased name, exactly once", async () => {
      const db = getDb();
      const { orderId, product, customer } = await demoOrder(db, 3);
      await db.product.update({ where: { id: product.id }, data: { name: "Renamed later" } });

      const first = await fulfilOrder(db, orderId, "test");
      expect(first.outcome).toBe("fulfilled");
      const keys = await licensesOf(db, orderId);
      expect(keys).toHaveLength(3);
      expect(new Set(keys.map((k) => k.key)).size).toBe(3);
      for (const key of keys) {
        expect(key).toMatchObject({ userId: customer.id, productName: product.name, maxActivations: 5 });
        expect(key.expiresAt?.getTime()).toBeGreaterThan(Date.now() + 364 * 86_400_000);
      }
      expect(await fulfilOrder(db, orderId, "test")).toEqual({ outcome: "not_pending", status: "paid" });
      expect(await licensesOf(db, orderId)).toHaveLength(3);
    });

    it("concurrent calls fulfil once", async () => {
      const db = getDb();
      const { orderId } = await demoOrder(db, 2);
      const results = await Promise.all(Array.from({ length: 5 }, () => fulfilOrder(db, orderId, "test")));
      expect(results.filter((r) => r.outcome === "fulfilled")).toHaveLength(1);
      expect(await licensesOf(db, orderId)).toHaveLength(2);
      expect(await auditEntries(db, "order.paid", `order:${orderId}`)).toHaveLength(1);
    });

    it("never issues keys for an order that is not pending", async () => {
      const db = getDb();
      const { orderId } = await demoOrder(db);
      await db.order.update({ where: { id: orderId }, data: { status: "refunded" } });
      expect(await fulfilOrder(db, orderId, "test")).toEqual({ outcome: "not_pending", status: "refunded" });
      expect(await licensesOf(db, orderId)).toHaveLength(0);
      expect(await fulfilOrder(db, "no-such-order", "test")).toEqual({ outcome: "not_found" });
    });
  });

  describe("demo checkout", () => {
    it("sends the buyer to the demo checkout; Pay fulfils their own order, once", async () => {
      const db = getDb();
      const { orderId, redirectUrl, customer } = await demoOrder(db, 2);
      expect(redirectUrl).toBe(`/checkout/demo/${orderId}`);
      expect(await orderOf(db, orderId)).toMatchObject({ provider: "demo", status: "pending", stripeCheckoutSessionId: null });

      const stranger = await createCustomer(db);
      await expect(payDemoOrder(db, { orderId, userId: stranger.id })).rejects.toMatchObject({ status: 404 });
      expect((await payDemoOrder(db, { orderId, userId: customer.id })).outcome).toBe("fulfilled");
      expect((await payDemoOrder(db, { orderId, userId: customer.id })).outcome).toBe("not_pending");
      expect(await licensesOf(db, orderId)).toHaveLength(2);
      expect(await orderOf(db, orderId)).toMatchObject({ status: "paid" });
    });

    it("Cancel cancels a pending order, once; a cancelled order cannot be paid", async () => {
      const db = getDb();
      const { orderId, customer } = await demoOrder(db);
      expect(await cancelDemoOrder(db, { orderId, userId: customer.id })).toEqual({ cancelled: true });
      expect(await cancelDemoOrder(db, { orderId, userId: customer.id })).toEqual({ cancelled: false });
      expect(await orderOf(db, orderId)).toMatchObject({ status: "cancelled" });
      expect((await payDemoOrder(db, { orderId, userId: customer.id })).outcome).toBe("not_pending");
      expect(await licensesOf(db, orderId)).toHaveLength(0);
    });
  });

  describe("demo refunds from Admin", () => {
    it("refunding chosen keys, then the rest, revokes them the same way as Stripe refunds", async () => {
      const db = getDb();
      const { orderId, customer } = await demoOrder(db, 2);
      await payDemoOrder(db, { orderId, userId: customer.id });
      const [a, b] = await licensesOf(db, orderId);
      if (!a || !b) throw new Error("expected two keys");

      const partial = await refundOrderAsAdmin(db, { request: { scope: "licenses", orderId, licenseIds: [a.id] }, adminId: "admin-1" });
      expect(partial).toMatchObject({ status: "partially_refunded", refundedCents: 4900, revokedLicenseIds: [a.id] });
      const whole = await refundOrderAsAdmin(db, { request: { scope: "order", orderId }, adminId: "admin-1" });
      expect(whole).toMatchObject({ status: "refunded", refundedCents: 9800, revokedLicenseIds: [b.id] });
      const keys = await licensesOf(db, orderId);
      expect(keys.map((k) => [k.revokeReason, k.revokedBy])).toEqual([["Refunded", "admin-1"], ["Refunded", "admin-1"]]);
      await expect(refundOrderAsAdmin(db, { request: { scope: "order", orderId }, adminId: "admin-1" })).rejects.toMatchObject({
        status: 409,
        code: "ORDER_NOT_REFUNDABLE",
      });
      expect(await auditEntries(db, "order.refunded", `order:${orderId}`)).toHaveLength(2);
    });

    it("an unpaid order cannot be refunded", async () => {
      const db = getDb();
      const { orderId } = await demoOrder(db);
      await expect(refundOrderAsAdmin(db, { request: { scope: "order", orderId }, adminId: "admin-1" })).rejects.toMatchObject({ status: 409 });
    });
  });

  it("production without Stripe keys: checkout is unavailable and no order is written", async () => {
    const db = getDb();
    const customer = await createCustomer(db);
    const product = await createProduct(db);
    const before = { ...process.env };
    Object.assign(process.env, { STORE_MODE: "production", NEXTAUTH_SECRET: "x".repeat(40) });
    vi.resetModules(); // a fresh getEnv() cache that reads the production environment
    try {
      const fresh = await import("../../../lib/payments/begin-checkout");
      await expect(fresh.beginCheckout(db, { user: customer, productSlug: product.slug, quantity: 1 })).rejects.toMatchObject({
        status: 503,
        code: "CHECKOUT_UNAVAILABLE",
        message: fresh.CHECKOUT_UNAVAILABLE_MESSAGE,
      });
    } finally {
      process.env = before;
      vi.resetModules();
    }
    expect(await db.order.count({ where: { userId: customer.id } })).toBe(0);
  });
});
