"use server";

import { notFound, redirect } from "next/navigation";
import { requireUser } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { formFields } from "@/lib/http/validated-action";
import { demoCheckoutPath, orderActionSchema } from "@/lib/orders/schemas";
import { cancelDemoOrder, payDemoOrder } from "@/lib/payments/demo-checkout";

/** The buyer first (anonymous: sign in, then back to this checkout), then the order id: 404 when malformed. */
async function buyerAndOrder(formData: FormData) {
  const user = await requireUser(demoCheckoutPath(formData));
  const parsed = orderActionSchema.safeParse(formFields(formData));
  if (!parsed.success) notFound();
  return { user, orderId: parsed.data.orderId };
}

/** Demo Pay: the buyer's own pending demo order is fulfilled by the same fulfilOrder as Stripe's webhook. */
export async function payDemo(formData: FormData) {
  const { user, orderId } = await buyerAndOrder(formData);
  await payDemoOrder(db, { orderId, userId: user.id });
  redirect(`/checkout/success?order=${encodeURIComponent(orderId)}`);
}

/** Demo Cancel: the order is cancelled and the buyer goes back to the product. */
export async function cancelDemo(formData: FormData) {
  const { user, orderId } = await buyerAndOrder(formData);
  await cancelDemoOrder(db, { orderId, userId: user.id });
  redirect(`/checkout/cancel?order=${encodeURIComponent(orderId)}`);
}
