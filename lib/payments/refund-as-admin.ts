import type { Db } from "../db";
import { getEnv } from "../env";
import { ApiError } from "../http/api-error";
import { refundOrder, type RefundOrderResult } from "../orders/refund-order";
import type { RefundRequest } from "../orders/schemas";
import { recordAuditEvent } from "../licenses/audit";
import { cancelSubscription, createRefund } from "./stripe";
import { logger } from "../observability/logger";

const log = () => logger.child({ component: "refund" });

const REFUNDABLE = ["paid", "partially_refunded"];

/**
 * Admin → Orders → refund, the whole order or chosen keys. A Stripe order is refunded through
 * refunds.create with the keys named in the refund's metadata; a demo order has no money to move.
 * Either way the keys are revoked at once (refundOrder), and the later charge.refunded webhook
 * finds nothing left to change. The Stripe call comes first: if it fails, nothing is revoked.
 * Refunding a subscription's payment also cancels the subscription (endRefundedSubscriptions).
 */
export async function refundOrderAsAdmin(
  db: Db,
  input: { request: RefundRequest; adminId: string },
): Promise<Extract<RefundOrderResult, { outcome: "recorded" }>> {
  const { request } = input;
  const order = await db.order.findUnique({
    where: { id: request.orderId },
    include: { items: { include: { licenses: { select: { id: true, revokedAt: true } } } } },
  });
  if (!order) throw new ApiError(404, "NOT_FOUND", "Order not found");
  if (!REFUNDABLE.includes(order.status)) {
    throw new ApiError(409, "ORDER_NOT_REFUNDABLE", `A ${order.status.replace("_", " ")} order cannot be refunded`);
  }
  const remainingCents = order.amountCents - order.refundedCents;
  // What can still be refunded: the keys this order issued that are not revoked, and the keys its
  // renewal or upgrade lines changed that were not rolled back yet.
  const activeKeys = order.items.flatMap((item) =>
    item.kind === "purchase"
      ? item.licenses.filter((license) => !license.revokedAt).map((license) => ({ id: license.id, priceCents: item.unitPriceCents }))
      : item.targetLicenseId && item.appliedAt && !item.rolledBackAt
        ? [{ id: item.targetLicenseId, priceCents: item.unitPriceCents }]
        : [],
  );

  let licenseIds: string[];
  let amountCents: number;
  if (request.scope === "order") {
    licenseIds = activeKeys.map((key) => key.id);
    amountCents = remainingCents;
  } else {
    const chosen = activeKeys.filter((key) => request.licenseIds.includes(key.id));
    if (chosen.length !== new Set(request.licenseIds).size) {
      throw new ApiError(400, "INVALID_LICENSES", "Choose keys of this order that are not refunded yet");
    }
    licenseIds = chosen.map((key) => key.id);
    amountCents = Math.min(remainingCents, chosen.reduce((sum, key) => sum + key.priceCents, 0));
  }

  if (order.provider === "stripe" && amountCents > 0) {
    if (getEnv().payments !== "stripe") throw new ApiError(503, "PAYMENTS_UNAVAILABLE", "Stripe is not configured: this order cannot be refunded here");
    if (!order.stripePaymentIntentId) throw new ApiError(409, "NO_PAYMENT", "This order has no Stripe payment to refund");
    try {
      await createRefund({
        orderId: order.id,
        paymentIntentId: order.stripePaymentIntentId,
        amountCents,
        licenseIds,
        refundedBeforeCents: order.refundedCents,
      });
    } catch (error) {
      log().error({ err: error, orderId: order.id }, "Stripe refused a refund");
      throw new ApiError(502, "PAYMENT_PROVIDER_ERROR", "Stripe did not accept the refund; no key was revoked. Please try again.");
    }
  }

  // The total moves in the database, never from `order` above: another admin may be refunding
  // other keys of this order right now. A whole-order refund leaves nothing unrefunded; chosen keys
  // add the unit price of each key this call revokes (a double click revokes, and adds, once).
  const result = await refundOrder(db, {
    orderId: order.id,
    licenses: request.scope === "order" ? "all" : licenseIds,
    refunded: request.scope === "order" ? { totalCents: order.amountCents } : "revokedKeys",
    actor: input.adminId,
  });
  if (result.outcome !== "recorded") throw new ApiError(404, "NOT_FOUND", "Order not found");
  await endRefundedSubscriptions(db, licenseIds, input.adminId);
  return result;
}

/**
 * A refunded subscription payment (its first order or a renewal) also ends the subscription, so
 * the customer who got their money back is not charged again next year. Stripe's cancel comes
 * after the refund was recorded: if it fails, the refund stands, the failure is logged and the
 * owner cancels in the Stripe Dashboard. A demo subscription simply ends here.
 */
async function endRefundedSubscriptions(db: Db, licenseIds: string[], actor: string): Promise<void> {
  if (licenseIds.length === 0) return;
  const subscriptions = await db.subscription.findMany({
    where: { licenseId: { in: licenseIds }, status: { not: "canceled" } },
    select: { id: true, provider: true, licenseId: true },
  });
  for (const subscription of subscriptions) {
    if (subscription.provider === "demo") {
      await db.subscription.updateMany({ where: { id: subscription.id, status: { not: "canceled" } }, data: { status: "canceled" } });
    } else {
      try {
        await cancelSubscription(subscription.id);
      } catch (error) {
        log().error({ err: error, subscriptionId: subscription.id }, "the subscription could not be cancelled at Stripe; cancel it in the Dashboard");
        continue;
      }
    }
    await recordAuditEvent(db, { actor, action: "subscription.cancelled_on_refund", subject: `license:${subscription.licenseId}`, details: { subscriptionId: subscription.id } });
  }
}
