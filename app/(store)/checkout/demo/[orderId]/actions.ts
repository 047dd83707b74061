"use server";

import { redirect } from "next/navigation";
import { requireUser } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { idSchema } from "@/lib/orders/schemas";
import { cancelDemoOrder, payDemoOrder } from "@/lib/payments/demo-checkout";

function orderIdFrom(formData: FormData): string {
  return idSchema.parse(formData.get("orderId"));
}

/** Demo Pay: the buyer's own pending demo order is fulfilled by the same fulfilOrder as Stripe's webhook. */
export async function payDemo(formData: FormData) {
  const orderId = orderIdFrom(formData);
  const user = await requireUser(`/checkout/demo/${orderId}`);
  await payDemoOrder(db, { orderId, userId: user.id });
  redirect(`/checkout/success?order=${encodeURIComponent(orderId)}`);
}

/** Demo Cancel: the order is cancelled and the buyer goes back to the product. */
export async function cancelDemo(formData: FormData) {
  const orderId = orderIdFrom(formData);
  const user = await requireUser(`/checkout/demo/${orderId}`);
  await cancelDemoOrder(db, { orderId, userId: user.id });
  redirect(`/checkout/cancel?order=${encodeURIComponent(orderId)}`);
}
