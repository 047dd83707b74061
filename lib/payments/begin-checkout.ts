import type { Db } from "../db";
import { getEnv } from "../env";
import { ApiError } from "../http/api-error";
import { closePendingOrder } from "../orders/close-order";
import { createOrder } from "../orders/create-order";
import type { CheckoutRequest } from "../orders/schemas";
import { createCheckoutSession } from "./stripe";

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
  if (mode === "demo") return { orderId: order.id, redirectUrl: `/checkout/demo/${order.id}` };

  let session: { id: string; url: string };
  try {
    session = await createCheckoutSession(order, input.user.email);
  } catch (error) {
    console.error(`checkout: Stripe refused a session for order ${order.id}:`, error instanceof Error ? error.message : error);
    await closePendingOrder(db, { orderId: order.id, status: "failed", actor: "system" });
    throw new ApiError(502, "PAYMENT_PROVIDER_ERROR", "The payment provider could not be reached. Please try again.");
  }
  await db.order.update({ where: { id: order.id }, data: { stripeCheckoutSessionId: session.id } });
  return { orderId: order.id, redirectUrl: session.url };
}
