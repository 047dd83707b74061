"use server";

import { redirect } from "next/navigation";
import { requireUser } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { ApiError } from "@/lib/http/api-error";
import { validatedAction } from "@/lib/http/validated-action";
import { checkoutRequestSchema } from "@/lib/orders/schemas";
import { beginCheckout } from "@/lib/payments/begin-checkout";

/** Buy: a signed-in customer gets an order and is sent to pay (Stripe Checkout or the demo checkout). */
export const startCheckout = validatedAction(checkoutRequestSchema, async (data) => {
  // Anonymous: sign in or sign up, then back to this product with the same quantity.
  const user = await requireUser(`/products/${encodeURIComponent(data.productSlug)}?quantity=${data.quantity}`);
  let redirectUrl: string;
  try {
    ({ redirectUrl } = await beginCheckout(db, { ...data, user }));
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    // Too many keys for one payment: the quantity is what the buyer changes, so the message goes there.
    if (error.code === "ORDER_TOO_LARGE") return { error: error.message, fieldErrors: { quantity: error.message } };
    return { error: error.message };
  }
  redirect(redirectUrl);
});
