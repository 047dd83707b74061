// Which orders are paid by a subscription: a purchase of exactly one key of a yearly product.
import type { DbClient } from "../db";

export const YEARLY_BILLING = "yearly";

/** One year on, same day and time (UTC): Stripe's yearly interval. Feb 29 becomes Mar 1. */
export function addOneYear(date: Date): Date {
  const next = new Date(date);
  next.setUTCFullYear(next.getUTCFullYear() + 1);
  return next;
}

/**
 * True when the order's single line buys a yearly product: it is paid by a subscription (Stripe
 * Checkout in subscription mode; a demo subscription in demo mode). Renewals and upgrades of its
 * key are one-off payments.
 */
export async function isSubscriptionOrder(db: DbClient, order: { items: { kind: string; productId: string }[] }): Promise<boolean> {
  const [line, ...rest] = order.items;
  if (!line || rest.length > 0 || line.kind !== "purchase") return false;
  const product = await db.product.findUnique({ where: { id: line.productId }, select: { billing: true } });
  return product?.billing === YEARLY_BILLING;
}
