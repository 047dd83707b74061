import Link from "next/link";
import { notFound } from "next/navigation";
import { requireUser } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { getOrderForUser } from "@/lib/orders/get-order";
import { idSchema } from "@/lib/orders/schemas";

export const metadata = { title: "Checkout cancelled" };

type Props = { searchParams: Promise<{ order?: string }> };

// Where Stripe Checkout's "back" link and the demo checkout's Cancel lead: nothing was charged.
export default async function CheckoutCancelPage({ searchParams }: Props) {
  const parsed = idSchema.safeParse((await searchParams).order);
  if (!parsed.success) notFound();
  const user = await requireUser(`/checkout/cancel?order=${encodeURIComponent(parsed.data)}`);
  const order = await getOrderForUser(db, { orderId: parsed.data, userId: user.id });
  if (!order) notFound();
  const [item] = order.items;
  const quantity = order.items.reduce((sum, line) => sum + line.quantity, 0);
  const back = item ? `/products/${encodeURIComponent(item.product.slug)}?quantity=${quantity}` : "/";

  return (
    <div className="mx-auto max-w-lg space-y-4 rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
      <h1 className="text-2xl font-semibold">Checkout cancelled</h1>
      <p className="text-slate-700">No payment was taken and no key was issued.</p>
      <Link href={back} className="inline-flex rounded-md bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-700">
        {item ? `Back to ${item.productName}` : "Back to the store"}
      </Link>
    </div>
  );
}
