import Link from "next/link";
import { notFound } from "next/navigation";
import { OrderCard } from "@/components/account/order-card";
import { requireUser } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { getOrderForUser } from "@/lib/orders/get-order";
import { idSchema } from "@/lib/orders/schemas";

export const metadata = { title: "Your order" };

type Props = { params: Promise<{ id: string }> };

// One of the customer's orders: where a free renewal or upgrade (nothing to pay) lands, and what
// each line bought or changed. Someone else's order is a 404, exactly like one that does not exist.
export default async function AccountOrderPage({ params }: Props) {
  const { id } = await params;
  const user = await requireUser(`/account/orders/${encodeURIComponent(id)}`);
  const orderId = idSchema.safeParse(id);
  const order = orderId.success ? await getOrderForUser(db, { orderId: orderId.data, userId: user.id }) : null;
  if (!order) notFound();
  return (
    <>
      <div className="space-y-1">
        <Link href="/account/orders" className="text-sm font-medium text-indigo-700 hover:underline">← All orders</Link>
        <h1 className="text-2xl font-semibold">Your order</h1>
      </div>
      <OrderCard order={order} now={new Date()} />
    </>
  );
}
