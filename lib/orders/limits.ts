import { MAX_QUANTITY } from "./schemas";

/**
 * The most one order may total, in the smallest currency unit: Stripe's largest charge
 * (99,999,999, i.e. $999,999.99 in a two-decimal currency, every currency the store sells in).
 * It also keeps every amount well inside the 32-bit integer PostgreSQL stores amounts in
 * (2,147,483,647), even a refunded total plus one more refund.
 */
export const MAX_ORDER_AMOUNT_CENTS = 99_999_999;

/** How many keys at `priceCents` fit in one order: at most MAX_QUANTITY, 0 when not even one does. */
export function maxQuantityForPrice(priceCents: number): number {
  if (priceCents <= 0) return MAX_QUANTITY;
  return Math.min(MAX_QUANTITY, Math.floor(MAX_ORDER_AMOUNT_CENTS / priceCents));
}
