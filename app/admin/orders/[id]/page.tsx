import Link from "next/link";
import { notFound } from "next/navigation";
import { LicenseStatusBadge } from "@/components/licenses/license-status-badge";
import { OrderLineSummary } from "@/components/orders/order-line-summary";
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
import { getOrderForAdmin, type OrderDetail, type OrderLicense } from "@/lib/orders/get-order";
import { describePaymentMismatch, getLatestPaymentMismatch } from "@/lib/orders/payment-mismatch";
import { idSchema } from "@/lib/orders/schemas";
import { formatPrice } from "@/lib/products/format";
import { markOrderReviewedAction, refundOrderAction } from "./actions";

export const metadata = { title: "Order · Admin" };

type Props = { params: Promise<{ id: string }> };

/** Why there is no refund button, in words (a status message: it is also what follows a refund). */
const NOT_REFUNDABLE: Record<string, string> = {
  refunded: "Refunded in full. Its keys are revoked and Verify answers REVOKED for them; a renewal or upgrade it paid for is rolled back instead.",
  disputed: "The payment is disputed: its keys are revoked. Refunds are not possible while a dispute is open.",
  pending: "Not paid yet: there is nothing to refund.",
  failed: "The payment failed: there is nothing to refund.",
  cancelled: "Cancelled before payment: there is nothing to refund.",
};

type OrderKey = OrderLicense & { unitPriceCents: number; change: { kind: string; applied: boolean; rolledBack: boolean } | null };

/** The keys this order issued, then the keys its renewal and upgrade lines changed. */
function orderKeys(order: OrderDetail): OrderKey[] {
  return order.items.flatMap((item): OrderKey[] =>
    item.kind === "purchase"
      ? item.licenses.map((license) => ({ ...license, unitPriceCents: item.unitPriceCents, change: null }))
      : item.targetLicense
        ? [{ ...item.targetLicense, unitPriceCents: item.unitPriceCents, change: { kind: item.kind, applied: item.appliedAt !== null, rolledBack: item.rolledBackAt !== null } }]
        : [],
  );
}

export default async function AdminOrderPage({ params }: Props) {
  const parsed = idSchema.safeParse((await params).id);
  if (!parsed.success) notFound();
  await requireAdmin(`/admin/orders/${parsed.data}`);
  const order = await getOrderForAdmin(db, parsed.data);
  if (!order) notFound();
  const now = new Date();
  const money = (cents: number) => formatPrice(cents, order.currency);
  const keys = orderKeys(order);
  // What a refund can still undo, exactly as lib/payments/refund-as-admin.ts judges it: issued keys not
  // revoked (a refund revokes them), and changes applied and not rolled back (a refund rolls them back).
  const activeKeys = keys.filter((key) => (key.change ? key.change.applied && !key.change.rolledBack : !key.revokedAt));
  const revokes = activeKeys.filter((key) => !key.change).length;
  const rollsBack = activeKeys.length - revokes;
  // A pending order flagged for review was held because its payment did not match (or was partly refunded before payment).
  const mismatch = order.needsReview && order.status === "pending" ? await getLatestPaymentMismatch(db, order.id) : null;
  const refundable = order.status === "paid" || order.status === "partially_refunded";
  const remaining = order.amountCents - order.refundedCents;
  const stripe = order.provider === "stripe";
  const refundNote = `${stripe ? "Money goes back through Stripe" : "A demo order: no money moves"}; refunded keys are revoked at once and Verify answers REVOKED for them. A refunded renewal takes its term back off the key, and a refunded upgrade puts the key back on its old product: the key itself keeps working.`;

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
        <thead><tr><Th>Line</Th><Th className="text-right">Unit price</Th><Th className="text-right">Quantity</Th><Th className="text-right">Subtotal</Th></tr></thead>
        <tbody className="divide-y divide-slate-100">
          {order.items.map((item) => (
            <tr key={item.id}>
              <Td><OrderLineSummary line={item} keyHref={(id) => `/admin/licenses/${id}`} /></Td>
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
              <Td>
                <Link href={`/admin/licenses/${key.id}`} className="break-all font-mono text-indigo-700 hover:underline">{key.key}</Link>
                {key.change && <div className="text-xs text-slate-500">{key.change.kind === "renewal" ? "Renewed" : "Upgraded"} by this order{key.change.rolledBack ? " (rolled back)" : key.change.applied ? "" : " (not applied)"}</div>}
              </Td>
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
              {revokes > 0 && <p className="font-medium text-red-700">{revokes === 1 ? "Its key is" : `All ${revokes} keys are`} revoked at once, permanently.</p>}
              {rollsBack > 0 && <p>{rollsBack === 1 ? "Its renewal or upgrade is" : `Its ${rollsBack} renewals and upgrades are`} rolled back; the key keeps working as it did before.</p>}
            </ConfirmDialog>
            {activeKeys.length > 1 && (
              <ConfirmDialog
                action={refundOrderAction}
                fields={{ orderId: order.id, scope: "licenses" }}
                triggerLabel="Refund chosen keys…"
                title="Refund chosen keys"
                confirmLabel="Refund chosen keys"
              >
                <p>{stripe ? "Each key's unit price goes back through Stripe" : "A demo order: no money moves"}; each chosen key is revoked at once, or its renewal or upgrade rolled back.</p>
                <fieldset className="space-y-2">
                  <legend className="sr-only">Keys to refund</legend>
                  {activeKeys.map((key) => (
                    <label key={key.id} className="flex items-center gap-2">
                      <input type="checkbox" name="licenseIds" value={key.id} className="h-4 w-4" />
                      <span className="break-all font-mono text-xs">{key.key}</span>
                      {key.change && <span className="text-xs text-slate-500">({key.change.kind})</span>}
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
