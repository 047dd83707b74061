import Link from "next/link";
import { LicenseCard } from "@/components/account/license-card";
import { EmptyState } from "@/components/ui/empty-state";
import { requireUser } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { InvalidCursorError, listLicenses } from "@/lib/licenses/list-licenses";
import { latestDownloads } from "@/lib/releases/customer-downloads";
import { offerLicenseSelect, offersForLicenses } from "@/lib/renewals/offers";
import { redirect } from "next/navigation";
import { renewLicenseAction, upgradeLicenseAction } from "./actions";

const changeActions = { renew: renewLicenseAction, upgrade: upgradeLicenseAction };

export const metadata = { title: "Your licenses" };

type Props = { searchParams: Promise<{ cursor?: string | string[] }> };

export default async function AccountLicensesPage({ searchParams }: Props) {
  const user = await requireUser("/account/licenses");
  const { cursor } = await searchParams;
  const now = new Date();
  const page = await listLicenses(db, {
    filter: { visibleTo: user.id },
    cursor: typeof cursor === "string" ? cursor.slice(0, 500) : null,
    // What Renew and Upgrade are judged on: one query each for the page's products and subscriptions.
    include: { product: offerLicenseSelect.product, subscription: { select: { status: true, cancelAtPeriodEnd: true } } },
    now,
  }).catch((error: unknown) => {
    if (error instanceof InvalidCursorError) redirect("/account/licenses");
    throw error;
  });
  // Two more queries for the whole page (the store's discount, the paths from its products), never one per key.
  const [downloads, offers] = await Promise.all([latestDownloads(db, page.items, now), offersForLicenses(db, page.items, now)]);

  return (
    <>
      <div className="space-y-1">
        <h1 className="text-2xl font-semibold">Your licenses</h1>
        <p className="text-sm text-slate-600">
          Copy a key into your product to activate it. Each site (domain or IP) that verifies a key takes one activation.
        </p>
      </div>
      {page.items.length === 0 ? (
        <EmptyState title="No license keys yet">
          Keys appear here as soon as an order is paid. <Link href="/" className="text-indigo-700 underline">Browse products</Link>
        </EmptyState>
      ) : (
        <ul className="space-y-4" aria-label="License keys">
          {page.items.map((license) => {
            const licenseOffers = offers.get(license.id);
            return (
              <li key={license.id}>
                <LicenseCard
                  license={license}
                  now={now}
                  download={cardDownload(downloads.get(license.id))}
                  change={licenseOffers && { offers: licenseOffers, actions: changeActions }}
                />
              </li>
            );
          })}
        </ul>
      )}
      {(page.prevCursor || page.nextCursor) && (
        <nav aria-label="Pages" className="flex justify-between text-sm font-medium">
          {page.prevCursor ? <Link href={`/account/licenses?cursor=${page.prevCursor}`} className="text-indigo-700 hover:underline">← Newer keys</Link> : <span />}
          {page.nextCursor && <Link href={`/account/licenses?cursor=${page.nextCursor}`} className="text-indigo-700 hover:underline">Older keys →</Link>}
        </nav>
      )}
    </>
  );
}

const cardDownload = (release: { id: string; version: string } | undefined) => (release ? { releaseId: release.id, version: release.version } : null);
