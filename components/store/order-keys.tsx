import Link from "next/link";
import { formatDate } from "@/lib/licenses/format";
import { deriveLicenseStatus } from "@/lib/licenses/status";
import type { OrderDetail } from "@/lib/orders/get-order";
import { formatSites } from "@/lib/products/format";
import { LicenseKey } from "../licenses/license-key";
import { LicenseStatusBadge } from "../licenses/license-status-badge";

/** The keys an order brought, in full and copyable, per product line (the buyer's own order only). */
export function OrderKeys({ order, now }: { order: OrderDetail; now: Date }) {
  return (
    <div className="space-y-5">
      {order.items.map((item) => (
        <section key={item.id} aria-label={`Keys for ${item.productName}`} className="space-y-2">
          <h3 className="font-medium">
            {item.productName} <span className="text-sm font-normal text-slate-500">× {item.quantity}</span>
          </h3>
          <ul className="space-y-3" aria-label="License keys">
            {item.licenses.map((license) => (
              <li key={license.id} className="space-y-1 rounded-md border border-slate-200 p-3">
                <LicenseKey licenseKey={license.key} label={`${item.productName} key`} />
                <p className="flex flex-wrap items-center gap-2 text-xs text-slate-600">
                  <LicenseStatusBadge status={deriveLicenseStatus(license, now)} />
                  <span>{formatSites(license.maxActivations)}</span>
                  <span>{license.expiresAt ? `Valid until ${formatDate(license.expiresAt)}` : "Lifetime"}</span>
                  {license.revokeReason && <span>{license.revokeReason}</span>}
                  <Link href={`/account/licenses/${license.id}`} className="text-indigo-700 underline">Manage sites</Link>
                </p>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}
