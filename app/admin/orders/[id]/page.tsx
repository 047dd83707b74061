import Link from "next/link";
import { notFound } from "next/navigation";
import { LicenseStatusBadge } from "@/components/licenses/license-status-badge";
import { OrderStatusBadge } from "@/components/store/order-status-badge";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { TableContainer, Td, Th } from "@/components/ui/table";
import { requireAdmin } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { formatDateTime } from "@/lib/licenses/format";
import { deriveLicenseStatus } from "@/lib/licenses/status";
import { getOrderForAdmin } from "@/lib/orders/get-order";
import { describePaymentMismatch, getLatestPaymentMismatch } from "@/lib/orders/payment-mismatch";
import { idSchema } from "@/lib/orders/schemas";
import { formatPrice } from "@/lib/products/format";
import { markOrderReviewedAction, refundOrderAction } from "./actions";

export const metadata = { title: "Order · Admin" };

type Props = { params: Promise<{ id: string }> };

/** Why there is no refund button, in words (a status message: it is also what follows a refund). */
const NOT_REFUNDABLE: Record<string, string> = {
  refunded: "Refunded in full. Its keys are revoked and Verify answers REVOKED for them.",
  disputed: "The payment is disputed: its keys are revoked. Refunds are not possible while a dispute is open.",
  pending: "Not paid yet: there is nothing to refund.",
  failed: "The payment failed: there is nothing to refund.",
  cancelled: "Cancelled before payment: there is nothing to refund.",
};

export default async function AdminOrderPage({ params }: Props) {
  const parsed = idSchema.safeParse((await params).id);
  if (!parsed.success) notFound();
  await requireAdmin(`/admin/orders/${parsed.data}`);
  const order = await getOrderForAdmin(db, parsed.data);
  if (!order) notFound();
  const now = new Date();
  const money = (cents: number) => formatPrice(cents, order.currency);
  const keys = order.items.flatMap((item) => item.licenses.map((license) => ({ ...license, unitPriceCents: item.unitPriceCents })));
  const activeKeys = keys.filter((key) => !key.revokedAt);
  // A pending order flagged for review was held because its payment did not match (or was partly refunded before payment).
  const mismatch = order.needsReview && order.status === "pending" ? await getLatestPaymentMismatch(db, order.id) : null;
  const refundable = order.status === "paid" || order.status === "partially_refunded";
  const remaining = order.amountCents - order.refundedCents;
  const stripe = order.provider === "stripe";
  const refundNote = stripe
    ? "Money goes back through Stripe; the refunded keys are revoked at once and Verify answers REVOKED for them."
    : "A demo order: no money moves, but the refunded keys are revoked at once and Verify answers REVOKED for them.";

  return (
    <>
      <Link href="/admin/orders" className="text-sm text-indigo-700 hover:underline">← Orders</Link>
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-semibold">Order <span className="font-mono">#{order.id.slice(-8)}</span></h1>
        <OrderStatusBadge status={order.status} />
        {order.needsReview && <Badge tone="red">Needs review</Badge>}
      </div>

      {order.needsReview && (
        <Alert>
          {order.status === "disputed"
            ? "The payment is disputed: every key was revoked. Answer the dispute in the Stripe Dashboard, then mark this order reviewed."
            : mismatch
              ? `${describePaymentMismatch(mismatch)} Check the payment in the Stripe Dashboard (refund it there if it should not stand), then mark this order reviewed.`
              : "Money was refunded without naming keys (for example from the Stripe Dashboard). Decide which keys to revoke below, then mark this order reviewed."}
          <ConfirmDialog action={markOrderReviewedAction} fields={{ orderId: order.id }} triggerLabel="Mark as reviewed" title="Mark this order as reviewed?" confirmLabel="Mark reviewed" confirmVariant="primary">
            <p>The Needs review flag goes away. Nothing else changes.</p>
          </ConfirmDialog>
        </Alert>
      )}

      <Card title="Summary">
        <dl className="grid gap-4 text-sm sm:grid-cols-2 lg:grid-cols-3">
          <div><dt className="text-slate-500">Customer</dt><dd className="break-all font-medium">{order.user.email}</dd></div>
          <div><dt className="text-slate-500">Placed</dt><dd>{formatDateTime(order.createdAt)}</dd></div>
          <div><dt className="text-slate-500">Paid</dt><dd>{order.paidAt ? formatDateTime(order.paidAt) : "—"}</dd></div>
          <div><dt className="text-slate-500">Amount</dt><dd className="font-medium">{money(order.amountCents)}</dd></div>
          <div><dt className="text-slate-500">Refunded</dt><dd>{money(order.refundedCents)}</dd></div>
          <div>
            <dt className="text-slate-500">Provider</dt>
            <dd>{order.provider === "demo" ? "Demo (no money taken)" : "Stripe"}</dd>
            {order.stripePaymentIntentId && <dd className="break-all font-mono text-xs text-slate-500">{order.stripePaymentIntentId}</dd>}
          </div>
        </dl>
      </Card>

      <TableContainer label="Items">
        <thead><tr><Th>Product</Th><Th className="text-right">Unit price</Th><Th className="text-right">Quantity</Th><Th className="text-right">Subtotal</Th></tr></thead>
        <tbody className="divide-y divide-slate-100">
          {order.items.map((item) => (
            <tr key={item.id}>
              <Td>{item.productName}</Td>
              <Td className="text-right">{money(item.unitPriceCents)}</Td>
              <Td className="text-right">{item.quantity}</Td>
              <Td className="text-right">{money(item.unitPriceCents * item.quantity)}</Td>
            </tr>
          ))}
        </tbody>
      </TableContainer>

      <TableContainer label="Keys">
        <thead><tr><Th>Key</Th><Th>Product</Th><Th>Status</Th><Th>Activations</Th></tr></thead>
        <tbody className="divide-y divide-slate-100">
          {keys.length === 0 && <tr><Td className="text-slate-500">No keys: they are issued when the order is paid.</Td></tr>}
          {keys.map((key) => (
            <tr key={key.id}>
              <Td><Link href={`/admin/licenses/${key.id}`} className="break-all font-mono text-indigo-700 hover:underline">{key.key}</Link></Td>
              <Td>{key.productName}</Td>
              <Td>
                <LicenseStatusBadge status={deriveLicenseStatus(key, now)} />
                {key.revokeReason && <div className="text-xs text-slate-500">{key.revokeReason}</div>}
              </Td>
              <Td>{key.activationsUsed} of {key.maxActivations === 0 ? "Unlimited" : key.maxActivations}</Td>
            </tr>
          ))}
        </tbody>
      </TableContainer>

      <Card title="Refund" description={refundable ? refundNote : undefined}>
        {!refundable ? (
          <p role="status" className="text-sm text-slate-700">{NOT_REFUNDABLE[order.status] ?? "This order cannot be refunded."}</p>
        ) : (
          <div className="flex flex-wrap items-start gap-3">
            <ConfirmDialog
              action={refundOrderAction}
              fields={{ orderId: order.id, scope: "order" }}
              triggerLabel="Refund whole order"
              triggerVariant="danger"
              title="Refund the whole order?"
              confirmLabel={`Refund ${money(remaining)}`}
            >
              <p>{stripe ? `${money(remaining)} goes back to ${order.user.email} through Stripe.` : `A demo order: no money moves (${money(remaining)} is recorded as refunded).`}</p>
              <p className="font-medium text-red-700">{activeKeys.length === 1 ? "Its key is" : `All ${activeKeys.length} keys are`} revoked at once, permanently.</p>
            </ConfirmDialog>
            {activeKeys.length > 1 && (
              <ConfirmDialog
                action={refundOrderAction}
                fields={{ orderId: order.id, scope: "licenses" }}
                triggerLabel="Refund chosen keys…"
                title="Refund chosen keys"
                confirmLabel="Refund chosen keys"
              >
                <p>{stripe ? "Each key's unit price goes back through Stripe" : "A demo order: no money moves"}; each chosen key is revoked at once.</p>
                <fieldset className="space-y-2">
                  <legend className="sr-only">Keys to refund</legend>
                  {activeKeys.map((key) => (
                    <label key={key.id} className="flex items-center gap-2">
                      <input type="checkbox" name="licenseIds" value={key.id} className="h-4 w-4" />
                      <span className="break-all font-mono text-xs">{key.key}</span>
                      <span className="text-slate-500">{money(key.unitPriceCents)}</span>
                    </label>
                  ))}
                </fieldset>
              </ConfirmDialog>
            )}
          </div>
        )}
      </Card>
    </>
  );
}
