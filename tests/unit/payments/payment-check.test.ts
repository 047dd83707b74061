// What the Stripe webhook compares before issuing keys, and how many keys fit in one payment.
import { describe, expect, it } from "vitest";
import { MAX_ORDER_AMOUNT_CENTS, maxQuantityForPrice } from "../../../lib/orders/limits";
import { describePaymentMismatch } from "../../../lib/orders/payment-mismatch";
import { comparePaymentWithOrder } from "../../../lib/payments/payment-check";

describe("comparing the payment with the order", () => {
  const order = { amountCents: 9800, currency: "usd" };
  it.each([
    ["the same amount and currency", { amountCents: 9800, currency: "usd" }, []],
    ["the currency in upper case", { amountCents: 9800, currency: "USD" }, []],
    ["a lower amount", { amountCents: 100, currency: "usd" }, ["amount"]],
    ["a higher amount", { amountCents: 9801, currency: "usd" }, ["amount"]],
    ["no amount", { amountCents: null, currency: "usd" }, ["amount"]],
    ["another currency", { amountCents: 9800, currency: "eur" }, ["currency"]],
    ["no currency", { amountCents: 9800, currency: null }, ["currency"]],
    ["both differ", { amountCents: 4900, currency: "gbp" }, ["amount", "currency"]],
  ] as const)("%s → %j", (_title, paid, expected) => {
    expect(comparePaymentWithOrder(order, paid)).toEqual(expected);
  });
});

describe("what Admin reads about a held order", () => {
  const expected = { amountCents: 9800, currency: "usd" };
  it.each([
    [{ amountCents: 9800, currency: "eur" }, "Stripe reported a payment of €98.00 for this order of $98.00, so no keys were issued."],
    [{ amountCents: null, currency: "usd" }, "Stripe reported a payment of no amount for this order of $98.00, so no keys were issued."],
    [{ amountCents: 9800, currency: "xyz1" }, "Stripe reported a payment of 9800 XYZ1 for this order of $98.00, so no keys were issued."],
    [{ amountCents: 9800, currency: null }, "Stripe reported a payment of 9800 for this order of $98.00, so no keys were issued."],
  ] as const)("%j", (paid, message) => {
    expect(describePaymentMismatch({ differences: [], expected, paid })).toBe(message);
  });
});

describe("keys in one order", () => {
  it("the bound is Stripe's largest charge", () => {
    expect(MAX_ORDER_AMOUNT_CENTS).toBe(99_999_999);
  });
  it.each([
    [4900, 100],
    [999_999, 100],
    [1_000_000, 99],
    [50_000_000, 1],
    [99_999_999, 1],
    [100_000_000, 0],
    [999_999_999, 0],
  ])("at %i cents: %i", (priceCents, expected) => {
    expect(maxQuantityForPrice(priceCents)).toBe(expected);
  });
});
