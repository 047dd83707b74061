import Link from "next/link";
import { z } from "zod";
import { LicenseDownloadsCard } from "@/components/releases/license-downloads-card";
import { EmptyState } from "@/components/ui/empty-state";
import { requireUser } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { queryParam } from "@/lib/http/query-param";
import { listCustomerDownloads } from "@/lib/releases/customer-downloads";

export const metadata = { title: "Downloads" };

type Props = { searchParams: Promise<{ beta?: string | string[] }> };

const betaParam = queryParam(z.literal("1"));

export default async function AccountDownloadsPage({ searchParams }: Props) {
  const user = await requireUser("/account/downloads");
  const includeBeta = betaParam.parse((await searchParams).beta) === "1";
  const now = new Date();
  const entries = await listCustomerDownloads(db, user.id, { now, includeBeta });

  return (
    <>
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div className="space-y-1">
          <h1 className="text-2xl font-semibold">Downloads</h1>
          <p className="text-sm text-slate-600">
            The files your license keys cover. Compare a download&apos;s SHA-256 with the one shown to check it arrived intact.
          </p>
        </div>
        <Link
          href={includeBeta ? "/account/downloads" : "/account/downloads?beta=1"}
          className="inline-flex items-center rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-800 hover:bg-slate-100"
        >
          {includeBeta ? "Hide beta releases" : "Include beta releases"}
        </Link>
      </div>
      {entries.length === 0 ? (
        <EmptyState title="Nothing to download yet">
          Files appear here for each key whose product has a release{includeBeta ? "" : " (beta releases are hidden)"}.{" "}
          <Link href="/account/licenses" className="text-indigo-700 underline">Your licenses</Link>
        </EmptyState>
      ) : (
        <ul className="space-y-4" aria-label="Downloads by license key">
          {entries.map((entry) => (
            <li key={entry.license.id}>
              <LicenseDownloadsCard entry={entry} now={now} />
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
