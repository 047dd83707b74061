import Link from "next/link";
import { OrderTable } from "@/components/admin/order-table";
import { EmptyState } from "@/components/ui/empty-state";
import { requireAdmin } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { listOrdersForAdmin } from "@/lib/orders/list-orders";
import { adminOrdersQuerySchema } from "@/lib/orders/schemas";

export const metadata = { title: "Orders · Admin" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const href = (query: { cursor?: string; review: boolean }) => {
  const params = new URLSearchParams();
  if (query.review) params.set("review", "1");
  if (query.cursor) params.set("cursor", query.cursor);
  const search = params.toString();
  return search ? `/admin/orders?${search}` : "/admin/orders";
};

export default async function AdminOrdersPage({ searchParams }: Props) {
  await requireAdmin("/admin/orders");
  const query = adminOrdersQuerySchema.parse(await searchParams);
  const { orders, nextCursor } = await listOrdersForAdmin(db, { cursor: query.cursor, needsReview: query.review });
  const tab = (active: boolean) =>
    `rounded-md px-3 py-1.5 text-sm font-medium ${active ? "bg-slate-900 text-white" : "border border-slate-300 bg-white hover:bg-slate-100"}`;

  return (
    <>
      <div className="space-y-1">
        <h1 className="text-2xl font-semibold">Orders</h1>
        <p className="text-sm text-slate-600">Every purchase, newest first. Open an order to see its keys or refund it.</p>
      </div>
      <nav aria-label="Order filters" className="flex flex-wrap gap-2">
        <Link href={href({ review: false })} aria-current={!query.review ? "page" : undefined} className={tab(!query.review)}>All orders</Link>
        <Link href={href({ review: true })} aria-current={query.review ? "page" : undefined} className={tab(query.review)}>Needs review</Link>
      </nav>
      {orders.length === 0 ? (
        <EmptyState title={query.review ? "Nothing needs review" : query.cursor ? "No more orders" : "No orders yet"}>
          {query.cursor ? <Link href={href({ review: query.review })} className="text-indigo-700 underline">Back to the newest</Link> : "Orders appear here as customers buy."}
        </EmptyState>
      ) : (
        <OrderTable orders={orders} />
      )}
      {(query.cursor || nextCursor) && (
        <nav aria-label="Pages" className="flex items-center justify-between gap-4 text-sm font-medium">
          {query.cursor ? (
            <Link href={href({ review: query.review })} className="rounded-md border border-slate-300 bg-white px-3 py-1.5 hover:bg-slate-100">← Newest</Link>
          ) : (
            <span />
          )}
          {nextCursor && (
            <Link href={href({ review: query.review, cursor: nextCursor })} className="rounded-md border border-slate-300 bg-white px-3 py-1.5 hover:bg-slate-100">
              Older →
            </Link>
          )}
        </nav>
      )}
    </>
  );
}
