// Stripe is trusted to say what was paid, not to have charged what we asked: a session can carry
// another amount (a promotion code or tax turned on in the Dashboard, a session made elsewhere that
// names our order). Keys are issued only for exactly the order's price.

export type PaymentDifference = "amount" | "currency";

/**
 * What differs between the order and the payment Stripe reports: the amount (in the smallest
 * currency unit; a missing amount differs, since nothing says what was paid) and the currency
 * (ISO codes, compared case-insensitively). Empty when the payment matches the order exactly.
 */
export function comparePaymentWithOrder(
  order: { amountCents: number; currency: string },
  paid: { amountCents: number | null; currency: string | null },
): PaymentDifference[] {
  const differences: PaymentDifference[] = [];
  if (paid.amountCents !== order.amountCents) differences.push("amount");
  if (paid.currency?.toLowerCase() !== order.currency.toLowerCase()) differences.push("currency");
  return differences;
}
