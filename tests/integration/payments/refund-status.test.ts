// The order's status and refunded total after a refund, judged in the database (refund-totals.ts)
// on SQLite and PostgreSQL: statuses only advance, totals only grow and never pass the amount, a
// dispute is never overwritten, and no amount, however large, overflows the integer column.
import { expect, it } from "vitest";
import type { Db } from "../../../lib/db";
import { refundOrder, type RefundOrderInput } from "../../../lib/orders/refund-order";
import { createCustomer, createProduct } from "../../helpers/factories";
import { describeEachDatabase } from "../../helpers/test-databases";
import { orderOf } from "./helpers";

const AMOUNT = 9800;

async function orderWith(db: Db, fields: { status: string; refundedCents?: number }) {
  const customer = await createCustomer(db);
  const product = await createProduct(db);
  return db.order.create({
    data: {
      userId: customer.id,
      provider: "stripe",
      status: fields.status,
      amountCents: AMOUNT,
      refundedCents: fields.refundedCents ?? 0,
      items: { create: { productId: product.id, productName: product.name, unitPriceCents: 4900, quantity: 2 } },
    },
  });
}

type Case = [string, { status: string; refundedCents?: number }, Pick<RefundOrderInput, "licenses" | "refunded">, { status: string; refundedCents: number }];

const CASES: Case[] = [
  ["a partial refund of a paid order", { status: "paid" }, { licenses: [], refunded: { totalCents: 4900 } }, { status: "partially_refunded", refundedCents: 4900 }],
  ["a total that reaches the amount", { status: "paid" }, { licenses: [], refunded: { totalCents: AMOUNT } }, { status: "refunded", refundedCents: AMOUNT }],
  ["every key refunded", { status: "paid" }, { licenses: "all", refunded: { totalCents: AMOUNT } }, { status: "refunded", refundedCents: AMOUNT }],
  ["a second partial refund", { status: "partially_refunded", refundedCents: 1000 }, { licenses: [], refunded: { addCents: 1000 } }, { status: "partially_refunded", refundedCents: 2000 }],
  ["an addition past the amount stops at it", { status: "partially_refunded", refundedCents: 4900 }, { licenses: [], refunded: { addCents: 9000 } }, { status: "refunded", refundedCents: AMOUNT }],
  ["an older, smaller total (a late event) after a full refund", { status: "refunded", refundedCents: AMOUNT }, { licenses: [], refunded: { totalCents: 4900 } }, { status: "refunded", refundedCents: AMOUNT }],
  ["a refund of a disputed order", { status: "disputed" }, { licenses: "all", refunded: { totalCents: AMOUNT } }, { status: "disputed", refundedCents: AMOUNT }],
  ["a partial refund before payment is recorded", { status: "pending" }, { licenses: [], refunded: { totalCents: 4900 } }, { status: "pending", refundedCents: 4900 }],
  ["a full refund before payment", { status: "pending" }, { licenses: [], refunded: { totalCents: AMOUNT } }, { status: "refunded", refundedCents: AMOUNT }],
  ["a total beyond any 32-bit integer", { status: "paid" }, { licenses: [], refunded: { totalCents: 2 ** 40 } }, { status: "refunded", refundedCents: AMOUNT }],
  ["an addition beyond any 32-bit integer", { status: "paid", refundedCents: 100 }, { licenses: [], refunded: { addCents: 2 ** 40 } }, { status: "refunded", refundedCents: AMOUNT }],
];

describeEachDatabase("status after a refund", (getDb) => {
  it.each(CASES)("%s", async (_title, before, refund, expected) => {
    const db = getDb();
    const order = await orderWith(db, before);
    const result = await refundOrder(db, { orderId: order.id, ...refund, actor: "test" });
    expect(result).toMatchObject({ outcome: "recorded", ...expected });
    expect(await orderOf(db, order.id)).toMatchObject(expected);
  });

  it("a refund that changes nothing says so and writes no audit entry", async () => {
    const db = getDb();
    const order = await orderWith(db, { status: "refunded", refundedCents: AMOUNT });
    expect(await refundOrder(db, { orderId: order.id, licenses: "all", refunded: { totalCents: AMOUNT }, actor: "test" })).toMatchObject({ changed: false });
    expect(await db.auditEvent.count({ where: { subject: `order:${order.id}` } })).toBe(0);
  });
});
