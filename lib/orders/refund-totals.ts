// The writes behind refundOrder, each one atomic conditional statement, so concurrent refunds of
// one order (two admins, an admin and Stripe's webhook, two webhook deliveries) never lose one
// another's effect on any engine: nothing here computes a new value from an earlier read.
// Numbers go to SQL as BIGINT, so even an absurd amount cannot overflow PostgreSQL's 32-bit column
// on the way: every stored value is clamped to the order's amountCents, which always fits.
import type { DbClient } from "../db";

/** How a refund moves the order's refunded total. */
export type RefundedMoney =
  /** Stripe's cumulative amount_refunded for the charge (charge.refunded): the total only grows to it. */
  | { totalCents: number }
  /** Money this refund gave back (Admin): added to the total, never past the order's amount. */
  | { addCents: number };

/**
 * Applies `money` to the order's refundedCents in one statement, in the database: a clamped
 * increment, or a raise to Stripe's cumulative total that never lowers it. True when it changed.
 */
export async function applyRefundedMoney(tx: DbClient, orderId: string, money: RefundedMoney): Promise<boolean> {
  const changed = await updateRefundedCents(tx, orderId, money);
  // Raw SQL bypasses Prisma's @updatedAt; the row lock is ours already, so this waits for no one.
  if (changed) await tx.order.update({ where: { id: orderId }, data: { updatedAt: new Date() } });
  return changed;
}

async function updateRefundedCents(tx: DbClient, orderId: string, money: RefundedMoney): Promise<boolean> {
  if ("addCents" in money) {
    if (money.addCents <= 0) return false;
    const changed = await tx.$executeRaw`
      UPDATE "Order" SET "refundedCents" =
        CASE WHEN "refundedCents" + CAST(${money.addCents} AS BIGINT) > "amountCents" THEN "amountCents"
             ELSE "refundedCents" + CAST(${money.addCents} AS BIGINT) END
      WHERE "id" = ${orderId} AND "refundedCents" < "amountCents"`;
    return changed > 0;
  }
  const changed = await tx.$executeRaw`
    UPDATE "Order" SET "refundedCents" =
      CASE WHEN CAST(${money.totalCents} AS BIGINT) > "amountCents" THEN "amountCents"
           ELSE CAST(${money.totalCents} AS BIGINT) END
    WHERE "id" = ${orderId} AND "refundedCents" < "amountCents" AND "refundedCents" < CAST(${money.totalCents} AS BIGINT)`;
  return changed > 0;
}

/**
 * Moves the order's status forward after a refund, judged on the row as it is now (including
 * refunds committed by others since this one began), never from an earlier read. Statuses only
 * advance, paid → partially_refunded → refunded, so concurrent refunds agree whatever their order:
 * refunded when `everyKey` (the whole order was refunded) or the total reached the amount; else
 * partially refunded, except an order still pending (fulfilOrder issues its keys, then reads the
 * refund). A dispute is never overwritten. True when the status changed.
 */
export async function advanceStatusAfterRefund(tx: DbClient, orderId: string, everyKey: boolean): Promise<boolean> {
  const full = await tx.order.updateMany({
    where: {
      id: orderId,
      status: { notIn: ["disputed", "refunded"] },
      ...(everyKey ? {} : { refundedCents: { gte: tx.order.fields.amountCents } }),
    },
    data: { status: "refunded" },
  });
  if (full.count > 0) return true;
  const partial = await tx.order.updateMany({
    where: { id: orderId, status: { notIn: ["pending", "disputed", "refunded", "partially_refunded"] } },
    data: { status: "partially_refunded" },
  });
  return partial.count > 0;
}

/** Raises the Needs review flag (Admin → Orders); true when it was down. */
export async function flagForReview(tx: DbClient, orderId: string): Promise<boolean> {
  const { count } = await tx.order.updateMany({ where: { id: orderId, needsReview: false }, data: { needsReview: true } });
  return count > 0;
}
