import { notFound } from "next/navigation";
import { ActivationList } from "@/components/account/activation-list";
import { SubscriptionPanel } from "@/components/account/subscription-panel";
import { ExpiredKeyNotice, hasLicenseOffers, LicenseOffers } from "@/components/account/license-offers";
import { LicenseKey } from "@/components/licenses/license-key";
import { LicenseHeading } from "@/components/licenses/license-heading";
import { LicenseDownloadButton } from "@/components/releases/license-download-button";
import { Card } from "@/components/ui/card";
import { requireUser } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { recordIdSchema } from "@/lib/licenses/admin-schemas";
import { formatActivationUsage, formatDate, formatExpiry } from "@/lib/licenses/format";
import { findLicenseForUser } from "@/lib/licenses/queries";
import { deriveLicenseStatus, remainingActivations } from "@/lib/licenses/status";
import { latestDownloads } from "@/lib/releases/customer-downloads";
import { offerLicenseSelect, offersForLicenses } from "@/lib/renewals/offers";
import { getLicenseSubscription } from "@/lib/subscriptions/license-subscription";
import { renewLicenseAction, upgradeLicenseAction } from "../actions";
import { deactivateOwnActivation } from "./actions";
import { cancelDemoSubscriptionAction, manageBillingAction } from "./billing-actions";

export const metadata = { title: "License key" };

type Props = { params: Promise<{ id: string }> };

// Verify's `manage_url` for a key at its limit points here: the owner frees a slot in one click.
export default async function AccountLicensePage({ params }: Props) {
  const { id } = await params;
  const user = await requireUser(`/account/licenses/${encodeURIComponent(id)}`);
  const licenseId = recordIdSchema.safeParse(id);
  // Someone else's key is a 404, exactly like one that does not exist.
  const license = licenseId.success ? await findLicenseForUser(db, { licenseId: licenseId.data, userId: user.id }) : null;
  if (!license) notFound();

  const now = new Date();
  const status = deriveLicenseStatus(license, now);
  const remaining = remainingActivations(license);
  const [downloads, offers, subscription] = await Promise.all([
    latestDownloads(db, [license], now),
    offersForKey(license.id, now),
    getLicenseSubscription(db, { licenseId: license.id, userId: user.id }),
  ]);
  const download = downloads.get(license.id);
  return (
    <>
      <LicenseHeading backHref="/account/licenses" productName={license.productName} status={status} />

      <Card>
        <LicenseKey licenseKey={license.key} label={`license key for ${license.productName}`} />
        <dl className="mt-4 grid gap-x-6 gap-y-3 text-sm sm:grid-cols-3">
          <div><dt className="text-slate-500">{status === "expired" ? "Expired" : "Expires"}</dt><dd className="font-medium">{formatExpiry(license.expiresAt)}</dd></div>
          <div><dt className="text-slate-500">Activations</dt><dd className="font-medium">{formatActivationUsage(license)}</dd></div>
          <div><dt className="text-slate-500">Issued</dt><dd className="font-medium">{formatDate(license.createdAt)}</dd></div>
          {license.revokedAt && (
            <div className="sm:col-span-3">
              <dt className="text-slate-500">Revoked</dt>
              <dd className="font-medium">
                {formatDate(license.revokedAt)}
                {license.revokeReason && <span className="font-normal text-slate-600"> · Reason: {license.revokeReason}</span>}
              </dd>
            </div>
          )}
        </dl>
        {download && (
          <div className="mt-4 flex flex-wrap items-center gap-x-4 gap-y-2">
            <LicenseDownloadButton licenseId={license.id} productName={license.productName} download={{ releaseId: download.id, version: download.version }} />
          </div>
        )}
      </Card>

      <SubscriptionPanel licenseId={license.id} subscription={subscription} manageBilling={manageBillingAction} cancelDemo={cancelDemoSubscriptionAction} />

      {offers && hasLicenseOffers(offers) && (
        <section aria-labelledby="renewal-heading" className="space-y-3">
          <h2 id="renewal-heading" className="text-lg font-semibold">Renew or upgrade</h2>
          {status === "expired" && offers.renewal.state.renewable && (
            <ExpiredKeyNotice />
          )}
          <LicenseOffers
            license={license}
            status={status}
            offers={offers}
            actions={{ renew: renewLicenseAction, upgrade: upgradeLicenseAction }}
            from="key"
            now={now}
          />
        </section>
      )}

      <section aria-labelledby="activations-heading" className="space-y-3">
        <h2 id="activations-heading" className="text-lg font-semibold">Activations</h2>
        {status === "revoked" ? (
          <p className="text-sm text-slate-600">This key is revoked and can no longer be activated. Its sites are listed for your records.</p>
        ) : (
          <p className="rounded-md border border-sky-200 bg-sky-50 px-3 py-2 text-sm text-sky-900">
            {remaining === 0
              ? "All activations are in use. "
              : remaining === null
                ? "This key activates on any number of sites. "
                : `${remaining} of ${license.maxActivations} activations left. `}
            Moving to a new site, or at the limit? Deactivate a site you no longer use to free its slot, then verify the key
            from the new one.
          </p>
        )}
        <ActivationList license={license} deactivate={status === "revoked" ? undefined : deactivateOwnActivation} />
      </section>
    </>
  );
}

/** The key's Renew and Upgrade offers (the same rules as Account → Licenses and the checkout). */
async function offersForKey(licenseId: string, now: Date) {
  const license = await db.license.findUnique({
    where: { id: licenseId },
    select: { id: true, expiresAt: true, revokedAt: true, replacedById: true, productId: true, product: offerLicenseSelect.product, subscription: { select: { status: true, cancelAtPeriodEnd: true } } },
  });
  return license ? (await offersForLicenses(db, [license], now)).get(license.id) : undefined;
}
