// charge.refunded: money went back, from Admin (keys named in the refund's metadata, already
// revoked at once) or from the Stripe Dashboard (no keys named). A full refund revokes every key of
// the order; a partial one revokes the keys its refunds name and, when one names none, flags the
// order for review. Arriving before fulfilment, it is recorded on the order (see refundOrder).
import { refundOrder } from "../../orders/refund-order";
import { listChargeRefunds } from "../stripe";
import { toCharge } from "../stripe-objects";
import { findOrderIdForPayment, recordPaymentIntent } from "./find-order";
import { STRIPE_ACTOR, type WebhookHandler } from "./types";

export const handleChargeRefunded: WebhookHandler = async (object, { db }) => {
  const charge = toCharge(object);
  const orderId = await findOrderIdForPayment(db, charge);
  if (!orderId) return null;

  if (charge.fullyRefunded) {
    return async (tx) => {
      await recordPaymentIntent(tx, orderId, charge.paymentIntentId);
      await refundOrder(db, { orderId, licenses: "all", refunded: { totalCents: charge.amountRefundedCents }, actor: STRIPE_ACTOR }, tx);
    };
  }
  const refunds = (charge.refunds ?? (await listChargeRefunds(charge.id))).filter((refund) => refund.counts);
  const named = [...new Set(refunds.flatMap((refund) => refund.licenseIds))];
  const unnamed = refunds.some((refund) => refund.licenseIds.length === 0);
  return async (tx) => {
    await recordPaymentIntent(tx, orderId, charge.paymentIntentId);
    await refundOrder(
      db,
      { orderId, licenses: named, refunded: { totalCents: charge.amountRefundedCents }, needsReview: unnamed, actor: STRIPE_ACTOR },
      tx,
    );
  };
};
