import Link from "next/link";
import type { AdminLicense } from "@/lib/licenses/queries";
import { formatDate, formatDateTime, formatExpiry, formatMaxActivations } from "@/lib/licenses/format";
import { remainingActivations } from "@/lib/licenses/status";

function Item({ term, children }: { term: string; children: React.ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-slate-500">{term}</dt>
      <dd className="font-medium break-words">{children}</dd>
    </div>
  );
}

/** Everything Admin knows about a key, as a definition list. */
export function LicenseSummary({ license }: { license: AdminLicense }) {
  const remaining = remainingActivations(license);
  return (
    <dl className="grid gap-x-6 gap-y-4 text-sm sm:grid-cols-2">
      <Item term="Customer">
        <Link href={`/admin/licenses?q=${encodeURIComponent(license.user.email)}`} className="text-indigo-700 hover:underline">
          {license.user.email}
        </Link>
        {license.user.name && <span className="block font-normal text-slate-600">{license.user.name}</span>}
      </Item>
      <Item term="Product">
        {license.productName}
        {license.product.name !== license.productName && (
          <span className="block font-normal text-slate-600">Now sold as {license.product.name}</span>
        )}
        <Link href={`/admin/products/${license.product.id}`} className="block font-normal text-indigo-700 hover:underline">
          Edit product
        </Link>
      </Item>
      <Item term="Expiry">{formatExpiry(license.expiresAt)}</Item>
      <Item term="Issued">{formatDateTime(license.createdAt)}</Item>
      <Item term="Max Activations">{formatMaxActivations(license.maxActivations)}</Item>
      <Item term="Activations Used">
        {license.activationsUsed}
        <span className="font-normal text-slate-600">
          {license.revokedAt ? "" : remaining === null ? " · unlimited" : ` · ${remaining} left`}
          {license.maxActivations > 0 && license.activationsUsed > license.maxActivations && " (above the limit: new sites are blocked)"}
        </span>
      </Item>
      <Item term="Order">
        {license.orderItem ? (
          <Link href={`/admin/orders/${license.orderItem.orderId}`} className="font-mono text-indigo-700 hover:underline">
            #{license.orderItem.orderId.slice(-8)}
          </Link>
        ) : (
          <span className="font-normal text-slate-600">Issued without an order</span>
        )}
      </Item>
      <Item term="Last changed">{formatDate(license.updatedAt)}</Item>
    </dl>
  );
}
