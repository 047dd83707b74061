import Link from "next/link";
import type { AccountOrder } from "@/lib/account/orders";
import { formatDate } from "@/lib/licenses/format";
import { maskLicenseKey } from "@/lib/licenses/key";
import { deriveLicenseStatus } from "@/lib/licenses/status";
import { formatPrice } from "@/lib/products/format";
import { LicenseStatusBadge } from "../licenses/license-status-badge";
import { OrderLineSummary } from "../orders/order-line-summary";
import { OrderStatusBadge } from "../store/order-status-badge";

/** One order in Account → Orders: when, how much, where it stands, and the keys it brought. */
export function OrderCard({ order, now }: { order: AccountOrder; now: Date }) {
  const headingId = `order-${order.id}`;
  return (
    <article aria-labelledby={headingId} className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id={headingId} className="text-base font-semibold">
          Order of {formatDate(order.createdAt)}
          <span className="ml-2 font-mono text-xs font-normal text-slate-500">#{order.id.slice(-8)}</span>
        </h2>
        <OrderStatusBadge status={order.status} />
      </div>
      <p className="mt-1 text-sm text-slate-700">
        <span className="font-medium">{formatPrice(order.amountCents, order.currency)}</span>
        {order.refundedCents > 0 && <span className="text-slate-500"> · {formatPrice(order.refundedCents, order.currency)} refunded</span>}
      </p>
      <ul className="mt-4 divide-y divide-slate-100 border-t border-slate-100">
        {order.items.map((item) => (
          <li key={item.id} className="py-3 text-sm">
            <p className="font-medium">
              <OrderLineSummary line={item} keyHref={(id) => `/account/licenses/${id}`} />
            </p>
            {item.kind !== "purchase" ? (
              item.targetLicense && <ChangedKey license={item.targetLicense} now={now} />
            ) : item.licenses.length === 0 ? (
              <p className="mt-1 text-slate-500">{order.status === "pending" ? "Keys are issued once the payment is confirmed." : "No keys."}</p>
            ) : (
              <ul className="mt-2 space-y-1.5" aria-label={`Keys for ${item.productName}`}>
                {item.licenses.map((license) => (
                  <li key={license.id} className="flex flex-wrap items-center gap-2">
                    <Link href={`/account/licenses/${license.id}`} className="font-mono text-indigo-700 hover:underline">
                      {maskLicenseKey(license.key)}
                    </Link>
                    <LicenseStatusBadge status={deriveLicenseStatus(license, now)} />
                  </li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ul>
    </article>
  );
}

/** A renewed or upgraded key as it stands now. */
function ChangedKey({ license, now }: { license: { id: string; revokedAt: Date | null; expiresAt: Date | null }; now: Date }) {
  return (
    <p className="mt-2 flex flex-wrap items-center gap-2 text-slate-600">
      Now: <LicenseStatusBadge status={deriveLicenseStatus(license, now)} />
      {license.expiresAt && <span>expires {formatDate(license.expiresAt)}</span>}
    </p>
  );
}
