// An order's total is bounded by the largest payment Stripe takes (99,999,999 in the smallest
// currency unit, $999,999.99), which also keeps it inside the 32-bit column PostgreSQL stores
// amounts in: the highest price the product form used to accept (9,999,999.99) times 100 keys
// overflowed it, and the buyer got a 500. On SQLite and PostgreSQL: a clear 400, nothing written,
// Stripe never called; the product form refuses prices no single payment can take.
import { expect, it } from "vitest";
import type { Db } from "../../../lib/db";
import { createOrder } from "../../../lib/orders/create-order";
import { MAX_ORDER_AMOUNT_CENTS } from "../../../lib/orders/limits";
import { beginCheckout } from "../../../lib/payments/begin-checkout";
import { productFormSchema } from "../../../lib/products/schemas";
import { createCustomer, createProduct } from "../../helpers/factories";
import { describeEachDatabase } from "../../helpers/test-databases";
import { fakeStripeForFile } from "./helpers";

const fakeStripe = fakeStripeForFile();

async function productPriced(db: Db, priceCents: number) {
  const product = await createProduct(db);
  await db.product.update({ where: { id: product.id }, data: { priceCents } });
  return product;
}

const sessionRequests = () => fakeStripe().requestsTo("POST", "/v1/checkout/sessions").length;

describeEachDatabase("the largest order", (getDb) => {
  it("9,999,999.99 × 100 keys (more than PostgreSQL's integer holds) is a clear 400; nothing is written, Stripe is never called", async () => {
    const db = getDb();
    const customer = await createCustomer(db);
    const product = await productPriced(db, 999_999_999);
    const before = sessionRequests();

    await expect(beginCheckout(db, { user: customer, productSlug: product.slug, quantity: 100 })).rejects.toMatchObject({
      status: 400,
      code: "ORDER_TOO_LARGE",
      message: "An order can total at most $999,999.99, the most one payment can take; this one comes to $999,999,999.00. This product's price is above that, so it cannot be bought.",
    });
    expect(await db.order.count({ where: { userId: customer.id } })).toBe(0);
    expect(sessionRequests()).toBe(before);
  });

  it("a total that fits the column but not one payment is refused too, saying how many keys fit", async () => {
    const db = getDb();
    const customer = await createCustomer(db);
    const product = await productPriced(db, 1_000_000); // $10,000.00: 100 keys come to $1,000,000.00
    await expect(beginCheckout(db, { user: customer, productSlug: product.slug, quantity: 100 })).rejects.toMatchObject({
      status: 400,
      code: "ORDER_TOO_LARGE",
      message: "An order can total at most $999,999.99, the most one payment can take; this one comes to $1,000,000.00. Buy at most 99 keys of this product at a time.",
    });
    expect(await db.order.count({ where: { userId: customer.id } })).toBe(0);
  });

  it("the bound itself is accepted, and Stripe is asked for exactly that amount", async () => {
    const db = getDb();
    const customer = await createCustomer(db);
    const product = await productPriced(db, MAX_ORDER_AMOUNT_CENTS);
    const { orderId } = await beginCheckout(db, { user: customer, productSlug: product.slug, quantity: 1 });
    const order = await db.order.findUniqueOrThrow({ where: { id: orderId } });
    expect(order).toMatchObject({ amountCents: 99_999_999, status: "pending" });
    expect(fakeStripe().sessions.get(order.stripeCheckoutSessionId ?? "")).toMatchObject({ amount_total: 99_999_999, currency: "usd" });
  });

  it("the bound holds for the sum of several lines", async () => {
    const db = getDb();
    const customer = await createCustomer(db);
    const [one, two] = [await productPriced(db, 60_000_000), await productPriced(db, 40_000_000)];
    await expect(
      createOrder(db, {
        userId: customer.id,
        provider: "demo",
        items: [{ productSlug: one.slug, quantity: 1 }, { productSlug: two.slug, quantity: 1 }],
      }),
    ).rejects.toMatchObject({ status: 400, code: "ORDER_TOO_LARGE" });
    expect(await db.order.count({ where: { userId: customer.id } })).toBe(0);
  });
});

it("the product form refuses a price above what one payment can take", () => {
  const form = { name: "Big", slug: "big", price: "", currency: "usd", maxActivations: "1", validityDays: "" };
  expect(productFormSchema.safeParse({ ...form, price: "999999.99" })).toMatchObject({ success: true, data: { price: 99_999_999 } });
  for (const price of ["1000000", "9999999.99"]) {
    const parsed = productFormSchema.safeParse({ ...form, price });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toBe("The price can be at most 999,999.99, the most one payment can take");
  }
});
