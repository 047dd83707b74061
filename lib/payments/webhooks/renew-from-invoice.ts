// A subscription's renewal (invoice.paid, billing_reason subscription_cycle): one renewal order per
// paid invoice, fulfilled like any other, so the receipt, the audit log, refunds and disputes all
// treat it as the order it is.
import type { Db, DbClient } from "../../db";
import { fulfilOrder } from "../../orders/fulfil-order";
import { linkSubscriptionKey } from "../../subscriptions/subscription-state";
import type { InvoiceInfo } from "../stripe-objects";
import { STRIPE_ACTOR } from "./types";

/** Thrown while the subscription's first order waits for its own events: the webhook answers 500 and Stripe retries. */
export class FirstOrderPendingError extends Error {}

/**
 * Records a paid renewal invoice as a paid renewal order of the subscription's key: the key runs
 * to the end of the period paid for (never shortened), and the receipt says "renewed until". Once
 * per invoice: Order.stripeInvoiceId is unique, so a replay, or a concurrent delivery, adds none.
 *
 * A renewal invoice that arrives before the key exists (the first order still pending, its events
 * not yet applied) is refused with FirstOrderPendingError, so Stripe retries it later: fulfilling
 * the first order from here would skip its own payment check. When the first order will never
 * issue a key (failed, cancelled, held for review), the money is still recorded, as an order
 * flagged for review, for the owner to refund.
 */
export async function renewFromInvoice(
  db: Db,
  tx: DbClient,
  input: { orderId: string; subscriptionId: string; invoice: InvoiceInfo },
): Promise<void> {
  const { invoice } = input;
  if (await tx.order.findUnique({ where: { stripeInvoiceId: invoice.id }, select: { id: true } })) return;
  const first = await tx.order.findUniqueOrThrow({
    where: { id: input.orderId },
    select: { userId: true, status: true, needsReview: true, items: { select: { productId: true, productName: true }, take: 1, orderBy: { id: "asc" } } },
  });
  await linkSubscriptionKey(tx, input.subscriptionId, input.orderId);
  const subscription = await tx.subscription.findUnique({ where: { id: input.subscriptionId }, select: { licenseId: true } });
  const license = subscription?.licenseId
    ? await tx.license.findUnique({ where: { id: subscription.licenseId }, select: { id: true, productId: true, productName: true } })
    : null;
  if (!license && first.status === "pending" && !first.needsReview) {
    throw new FirstOrderPendingError(`renewal invoice ${invoice.id} arrived before order ${input.orderId} issued its key`);
  }
  const line = license ?? first.items[0];
  if (!line) throw new Error(`order ${input.orderId} has no line to renew`);
  const order = await tx.order.create({
    data: {
      userId: first.userId,
      provider: "stripe",
      status: "pending",
      stripeInvoiceId: invoice.id,
      stripePaymentIntentId: invoice.paymentIntentId,
      amountCents: invoice.amountPaidCents,
      currency: invoice.currency,
      items: {
        create: [
          {
            kind: "renewal",
            // No key (the first order never issued one): fulfilOrder flags the order for review.
            targetLicenseId: license?.id ?? null,
            productId: line.productId,
            productName: line.productName,
            unitPriceCents: invoice.amountPaidCents,
            quantity: 1,
          },
        ],
      },
    },
    select: { id: true },
  });
  await fulfilOrder(db, order.id, STRIPE_ACTOR, tx, invoice.periodEnd ? { periodEnd: invoice.periodEnd } : {});
}
