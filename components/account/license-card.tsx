import Link from "next/link";
import type { License } from "@/lib/db";
import { formatActivationUsage, formatDate, formatExpiry } from "@/lib/licenses/format";
import { deriveLicenseStatus } from "@/lib/licenses/status";
import { LicenseKey } from "../licenses/license-key";
import { LicenseStatusBadge } from "../licenses/license-status-badge";
import { LicenseDownloadButton } from "../releases/license-download-button";
import { ExpiredKeyNotice, LicenseOffers, type LicenseChangeActions } from "./license-offers";
import type { LicenseOffers as Offers } from "@/lib/renewals/offers";

type CardLicense = Pick<
  License,
  "id" | "key" | "productName" | "expiresAt" | "revokedAt" | "revokeReason" | "maxActivations" | "activationsUsed"
>;

/** The newest release the key may download (lib/releases/customer-downloads.ts), if any. */
export type CardDownload = { releaseId: string; version: string };

/** What the card offers: Renew and Upgrade (lib/renewals/offers.ts) and the actions that start them. */
export type CardOffers = { offers: Offers; actions: LicenseChangeActions };

/**
 * One key in Account → Licenses: what it is for, the key to copy, where it stands, its download,
 * and its Renew and Upgrade. An expired key stands out, with Renew as its main action.
 */
export function LicenseCard({ license, now, download, change }: { license: CardLicense; now: Date; download?: CardDownload | null; change?: CardOffers }) {
  const status = deriveLicenseStatus(license, now);
  const frame = status === "expired" ? "border-amber-300 ring-1 ring-amber-200" : "border-slate-200";
  return (
    <article aria-labelledby={`license-${license.id}`} className={`rounded-lg border bg-white p-5 shadow-sm ${frame}`}>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id={`license-${license.id}`} className="text-base font-semibold">
          {license.productName}
        </h2>
        <LicenseStatusBadge status={status} />
      </div>
      <div className="mt-3">
        <LicenseKey licenseKey={license.key} label={`license key for ${license.productName}`} />
      </div>
      <dl className="mt-4 grid gap-x-6 gap-y-2 text-sm sm:grid-cols-3">
        <div>
          <dt className="text-slate-500">{status === "expired" ? "Expired" : "Expires"}</dt>
          <dd className="font-medium">{formatExpiry(license.expiresAt)}</dd>
        </div>
        <div>
          <dt className="text-slate-500">Activations</dt>
          <dd className="font-medium">{formatActivationUsage(license)}</dd>
        </div>
        {license.revokedAt && (
          <div>
            <dt className="text-slate-500">Revoked</dt>
            <dd className="font-medium">
              {formatDate(license.revokedAt)}
              {license.revokeReason && <span className="block font-normal text-slate-600">Reason: {license.revokeReason}</span>}
            </dd>
          </div>
        )}
      </dl>
      {status === "expired" && change?.offers.renewal.state.renewable && (
        <div className="mt-4"><ExpiredKeyNotice /></div>
      )}
      {change && (
        <div className="mt-4">
          <LicenseOffers license={license} status={status} offers={change.offers} actions={change.actions} from="list" now={now} />
        </div>
      )}
      <div className="mt-4 flex flex-wrap items-center gap-x-4 gap-y-2">
        {download && <LicenseDownloadButton licenseId={license.id} productName={license.productName} download={download} />}
        <Link href={`/account/licenses/${license.id}`} className="text-sm font-medium text-indigo-700 hover:underline">
          Manage activations<span className="sr-only"> for {license.productName} ({license.key})</span> →
        </Link>
      </div>
    </article>
  );
}
