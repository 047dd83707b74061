import Link from "next/link";
import { OrderCard } from "@/components/account/order-card";
import { EmptyState } from "@/components/ui/empty-state";
import { ACCOUNT_ORDERS_LIMIT, listOrdersForUser } from "@/lib/account/orders";
import { requireUser } from "@/lib/auth/session";
import { db } from "@/lib/db";

export const metadata = { title: "Your orders" };

export default async function AccountOrdersPage() {
  const user = await requireUser("/account/orders");
  const orders = await listOrdersForUser(db, user.id);
  const now = new Date();
  return (
    <>
      <div className="space-y-1">
        <h1 className="text-2xl font-semibold">Your orders</h1>
        <p className="text-sm text-slate-600">Every purchase, renewal and upgrade, and the keys they brought or changed. Open a key to copy it or manage its sites.</p>
      </div>
      {orders.length === 0 ? (
        <EmptyState title="No orders yet">
          <Link href="/" className="text-indigo-700 underline">Browse products</Link>
        </EmptyState>
      ) : (
        <ul className="space-y-4" aria-label="Orders">
          {orders.map((order) => (
            <li key={order.id}>
              <OrderCard order={order} now={now} />
            </li>
          ))}
        </ul>
      )}
      {orders.length === ACCOUNT_ORDERS_LIMIT && (
        <p className="text-sm text-slate-500">Showing your {ACCOUNT_ORDERS_LIMIT} most recent orders.</p>
      )}
    </>
  );
}
