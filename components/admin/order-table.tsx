import Link from "next/link";
import { formatDateTime } from "@/lib/licenses/format";
import type { AdminOrderRow } from "@/lib/orders/list-orders";
import { formatPrice } from "@/lib/products/format";
import { OrderStatusBadge } from "../store/order-status-badge";
import { Badge } from "../ui/badge";
import { TableContainer, Td, Th } from "../ui/table";

/** Admin → Orders: one row per order, newest first; the order id opens it. */
export function OrderTable({ orders }: { orders: AdminOrderRow[] }) {
  return (
    <TableContainer label="Orders">
      <thead>
        <tr>
          <Th>Order</Th>
          <Th>Customer</Th>
          <Th>Items</Th>
          <Th className="text-right">Amount</Th>
          <Th>Status</Th>
          <Th>Provider</Th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {orders.map((order) => (
          <tr key={order.id}>
            <Td>
              <Link href={`/admin/orders/${order.id}`} className="font-mono text-indigo-700 hover:underline">
                #{order.id.slice(-8)}
              </Link>
              <div className="text-xs text-slate-500">{formatDateTime(order.createdAt)}</div>
            </Td>
            <Td className="break-all">{order.user.email}</Td>
            <Td>
              {order.items.map((item, index) => (
                <div key={index}>
                  {item.productName} <span className="text-slate-500">× {item.quantity}</span>
                </div>
              ))}
            </Td>
            <Td className="whitespace-nowrap text-right">
              {formatPrice(order.amountCents, order.currency)}
              {order.refundedCents > 0 && (
                <div className="text-xs text-slate-500">−{formatPrice(order.refundedCents, order.currency)} refunded</div>
              )}
            </Td>
            <Td>
              <div className="flex flex-wrap gap-1">
                <OrderStatusBadge status={order.status} />
                {order.needsReview && <Badge tone="red">Needs review</Badge>}
              </div>
            </Td>
            <Td>{order.provider === "demo" ? "Demo" : "Stripe"}</Td>
          </tr>
        ))}
      </tbody>
    </TableContainer>
  );
}
