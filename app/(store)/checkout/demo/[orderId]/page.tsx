import { notFound, redirect } from "next/navigation";
import { SubmitButton } from "@/components/store/submit-button";
import { requireUser } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { describeOrderLine, getOrderForUser } from "@/lib/orders/get-order";
import { idSchema } from "@/lib/orders/schemas";
import { formatPrice } from "@/lib/products/format";
import { cancelDemo, payDemo } from "./actions";

export const metadata = { title: "Demo checkout" };

type Props = { params: Promise<{ orderId: string }> };

// The honest stand-in for Stripe Checkout when the store has no Stripe keys (never in production).
export default async function DemoCheckoutPage({ params }: Props) {
  const parsed = idSchema.safeParse((await params).orderId);
  if (!parsed.success || getEnv().payments !== "demo") notFound();
  const orderId = parsed.data;
  const user = await requireUser(`/checkout/demo/${orderId}`);
  const order = await getOrderForUser(db, { orderId, userId: user.id });
  if (!order || order.provider !== "demo") notFound();
  if (order.status !== "pending") redirect(`/checkout/success?order=${encodeURIComponent(order.id)}`);

  return (
    <div className="mx-auto max-w-lg space-y-6">
      <div className="rounded-lg border-2 border-dashed border-amber-400 bg-amber-50 p-4 text-amber-950">
        <p className="font-semibold">Demo payments: no money is taken</p>
        <p className="mt-1 text-sm">
          This store runs without a payment provider. Pay completes the order exactly as a real payment would and issues your keys; nothing is charged.
        </p>
      </div>
      <section aria-labelledby="demo-checkout-heading" className="space-y-4 rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
        <h1 id="demo-checkout-heading" className="text-2xl font-semibold">Demo checkout</h1>
        <ul className="divide-y divide-slate-100 text-sm" aria-label="Order items">
          {order.items.map((item) => (
            <li key={item.id} className="flex justify-between gap-4 py-2">
              <span>{describeOrderLine(item).text}</span>
              <span className="font-medium">{formatPrice(item.unitPriceCents * item.quantity, order.currency)}</span>
            </li>
          ))}
        </ul>
        <p className="flex justify-between border-t border-slate-200 pt-3 text-base">
          <span>Total</span>
          <span className="font-semibold">{formatPrice(order.amountCents, order.currency)}</span>
        </p>
        <div className="flex flex-wrap gap-3">
          <form action={payDemo}>
            <input type="hidden" name="orderId" value={order.id} />
            <SubmitButton pendingLabel="Paying…">Pay {formatPrice(order.amountCents, order.currency)} (demo)</SubmitButton>
          </form>
          <form action={cancelDemo}>
            <input type="hidden" name="orderId" value={order.id} />
            <SubmitButton variant="secondary" pendingLabel="Cancelling…">Cancel</SubmitButton>
          </form>
        </div>
      </section>
    </div>
  );
}
