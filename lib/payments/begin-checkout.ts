import type { Db } from "../db";
import { getEnv } from "../env";
import { ApiError } from "../http/api-error";
import { closePendingOrder } from "../orders/close-order";
import { createOrder, type OrderWithItems } from "../orders/create-order";
import type { CheckoutRequest } from "../orders/schemas";
import { isSubscriptionOrder } from "../subscriptions/subscription-order";
import { createCheckoutSession } from "./stripe";
import { logger } from "../observability/logger";

export const CHECKOUT_UNAVAILABLE_MESSAGE =
  "Checkout is unavailable: this store has no payment provider configured yet. Please try again later.";

/**
 * Starts a purchase: a pending order priced from our database, then where to send the buyer.
 * Stripe mode: a Checkout Session (the order keeps its id). Demo mode: the labelled demo checkout
 * page. Production without Stripe: refused before any order is written, never a silent demo.
 */
export async function beginCheckout(
  db: Db,
  input: CheckoutRequest & { user: { id: string; email: string } },
): Promise<{ orderId: string; redirectUrl: string }> {
  const mode = getEnv().payments;
  if (mode === "unavailable") throw new ApiError(503, "CHECKOUT_UNAVAILABLE", CHECKOUT_UNAVAILABLE_MESSAGE);
  const order = await createOrder(db, {
    userId: input.user.id,
    provider: mode,
    items: [{ productSlug: input.productSlug, quantity: input.quantity }],
  });
  return { orderId: order.id, redirectUrl: await paymentRedirect(db, order, input.user.email) };
}

/**
 * Where the buyer of a new pending order pays: the labelled demo checkout page, or a Stripe
 * Checkout Session (recorded on the order). When Stripe refuses, the order is closed as failed and
 * the buyer gets a 502 to try again. Purchases, renewals and upgrades all pay through here; a
 * yearly product's purchase pays by subscription (Stripe renews its key every year).
 */
export async function paymentRedirect(db: Db, order: OrderWithItems, customerEmail: string): Promise<string> {
  if (order.provider === "demo") return `/checkout/demo/${order.id}`;
  const subscription = await isSubscriptionOrder(db, order);
  let session: { id: string; url: string };
  try {
    session = await createCheckoutSession(order, customerEmail, { subscription });
  } catch (error) {
    logger.child({ component: "checkout" }).error({ err: error, orderId: order.id }, "Stripe refused a checkout session");
    await closePendingOrder(db, { orderId: order.id, status: "failed", actor: "system" });
    throw new ApiError(502, "PAYMENT_PROVIDER_ERROR", "The payment provider could not be reached. Please try again.");
  }
  await db.order.update({ where: { id: order.id }, data: { stripeCheckoutSessionId: session.id } });
  return session.url;
}
