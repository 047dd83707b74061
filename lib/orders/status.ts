import type { OrderStatus } from "./schemas";

/** How a status reads to people, in the account and in Admin. */
export const ORDER_STATUS_LABELS: Record<OrderStatus, string> = {
  pending: "Awaiting payment",
  paid: "Paid",
  failed: "Payment failed",
  cancelled: "Cancelled",
  refunded: "Refunded",
  partially_refunded: "Partially refunded",
  disputed: "Disputed",
};

export function orderStatusLabel(status: string): string {
  return (ORDER_STATUS_LABELS as Record<string, string | undefined>)[status] ?? status;
}

/**
 * The status after money went back: a full refund is "refunded"; otherwise "partially_refunded".
 * A dispute or a full refund already recorded is never downgraded by a later, smaller refund.
 */
export function statusAfterRefund(current: string, fullyRefunded: boolean): OrderStatus {
  if (current === "disputed") return "disputed";
  if (fullyRefunded || current === "refunded") return "refunded";
  return "partially_refunded";
}
