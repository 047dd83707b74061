"use server";

import { redirect } from "next/navigation";
import { customerAction } from "@/lib/account/customer-action";
import { db } from "@/lib/db";
import { ApiError } from "@/lib/http/api-error";
import { checkoutRequestSchema, checkoutReturnPath } from "@/lib/orders/schemas";
import { beginCheckout } from "@/lib/payments/begin-checkout";

/**
 * Buy: a signed-in customer gets an order and is sent to pay (Stripe Checkout or the demo
 * checkout). Anonymous: sign in or sign up first, then back to this product and quantity.
 */
export const startCheckout = customerAction(
  checkoutRequestSchema,
  async (data, user) => {
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
  },
  { returnTo: checkoutReturnPath },
);
