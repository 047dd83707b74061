import Link from "next/link";
import { formatDate } from "@/lib/licenses/format";
import { deriveLicenseStatus } from "@/lib/licenses/status";
import { customerDownloadHref, type LicenseDownloads } from "@/lib/releases/customer-downloads";
import { formatBytes, shortSha256 } from "@/lib/releases/display";
import type { LicenseReleaseRow, Release } from "@/lib/releases/entitlement";
import { LicenseStatusBadge } from "../licenses/license-status-badge";
import { Badge } from "../ui/badge";
import { Markdown } from "./markdown";

const buttonClass = "inline-flex items-center justify-center rounded-md px-4 py-2 text-sm font-medium";

function Facts({ release }: { release: Release }) {
  return (
    <span className="text-sm text-slate-600">
      {release.publishedAt && <>Published {formatDate(release.publishedAt)} · </>}
      {formatBytes(release.sizeBytes)}
      {release.channel === "beta" && <> · <Badge tone="amber">Beta</Badge></>}
    </span>
  );
}

/** One key in Account → Downloads: its newest release to download, older ones, and what it does not cover and why. */
export function LicenseDownloadsCard({ entry, now }: { entry: LicenseDownloads; now: Date }) {
  const { license, releases } = entry;
  const status = deriveLicenseStatus(license, now);
  const available = releases.filter((row) => row.available);
  const [latest, ...older] = available;
  const notCovered = releases.filter((row) => !row.available);
  const headingId = `downloads-${license.id}`;

  return (
    <article id={`license-${license.id}`} aria-labelledby={headingId} className="scroll-mt-6 rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id={headingId} className="text-base font-semibold">{license.productName}</h2>
        <LicenseStatusBadge status={status} />
      </div>
      <p className="mt-1 break-all font-mono text-xs text-slate-500">
        <Link href={`/account/licenses/${license.id}`} className="hover:underline">{license.key}</Link>
      </p>

      {status === "revoked" ? (
        <p className="mt-4 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-900">
          This key was revoked{license.revokedAt ? ` on ${formatDate(license.revokedAt)}` : ""}
          {license.revokeReason ? ` (${license.revokeReason})` : ""}, so nothing can be downloaded with it.
        </p>
      ) : (
        <>
          {notCovered.length > 0 && <NotCovered rows={notCovered} />}
          {latest ? (
            <div className="mt-4 space-y-3 rounded-md border border-indigo-100 bg-indigo-50/50 p-4">
              <div className="flex flex-wrap items-center justify-between gap-3">
                <div>
                  <p className="font-medium">
                    {notCovered.length > 0 ? "Newest version your key covers" : "Latest version"}: <span className="font-mono">{latest.release.version}</span>
                  </p>
                  <Facts release={latest.release} />
                </div>
                <a href={customerDownloadHref(license.id, latest.release.id)} className={`${buttonClass} bg-indigo-600 text-white hover:bg-indigo-700`}>
                  Download {latest.release.version}<span className="sr-only"> of {license.productName}</span>
                </a>
              </div>
              <p className="text-xs text-slate-600">
                SHA-256 <code className="break-all font-mono">{latest.release.sha256}</code>
              </p>
              <details>
                <summary className="cursor-pointer text-sm font-medium text-indigo-700">What&apos;s new in {latest.release.version}</summary>
                <Markdown source={latest.release.changelog} className="mt-2" />
              </details>
            </div>
          ) : (
            <p className="mt-4 text-sm text-slate-600">
              {status === "expired" ? "Every version was published after this key expired; renew it to download them." : "No version is available to this key yet."}
            </p>
          )}
          {older.length > 0 && <OlderVersions licenseId={license.id} productName={license.productName} rows={older} />}
        </>
      )}
    </article>
  );
}

function NotCovered({ rows }: { rows: readonly LicenseReleaseRow[] }) {
  return (
    <ul aria-label="Versions this key does not cover" className="mt-4 space-y-2">
      {rows.map(({ release, reason }) => (
        <li key={release.id} className="rounded-md border border-dashed border-slate-300 bg-slate-50 px-3 py-2 text-sm text-slate-500">
          <span className="font-mono font-medium">{release.version}</span> <Facts release={release} />
          <span className="block">{reason}</span>
        </li>
      ))}
    </ul>
  );
}

function OlderVersions({ licenseId, productName, rows }: { licenseId: string; productName: string; rows: readonly LicenseReleaseRow[] }) {
  return (
    <details className="mt-4">
      <summary className="cursor-pointer text-sm font-medium text-indigo-700">Older versions ({rows.length})</summary>
      <ul className="mt-2 divide-y divide-slate-100">
        {rows.map(({ release }) => (
          <li key={release.id} className="flex flex-wrap items-start justify-between gap-3 py-3">
            <div className="min-w-0 space-y-1">
              <p>
                <span className="font-mono font-medium">{release.version}</span> <Facts release={release} />
              </p>
              <p className="text-xs text-slate-600">
                SHA-256 <code className="font-mono" title={release.sha256}>{shortSha256(release.sha256)}…</code>
              </p>
              <details>
                <summary className="cursor-pointer text-xs font-medium text-indigo-700">Changelog<span className="sr-only"> of {release.version}</span></summary>
                <Markdown source={release.changelog} className="mt-1" />
              </details>
            </div>
            <a href={customerDownloadHref(licenseId, release.id)} className={`${buttonClass} border border-slate-300 bg-white text-slate-800 hover:bg-slate-100`}>
              Download {release.version}<span className="sr-only"> of {productName}</span>
            </a>
          </li>
        ))}
      </ul>
    </details>
  );
}
