import type { ActionState } from "@/lib/http/validated-action";
import { formatDate } from "@/lib/licenses/format";
import { maskLicenseKey } from "@/lib/licenses/key";
import type { LicenseStatus } from "@/lib/licenses/status";
import { formatPrice, formatSites } from "@/lib/products/format";
import type { LicenseOffers as Offers } from "@/lib/renewals/offers";
import { renewedExpiry } from "@/lib/renewals/terms";
import { LicenseChangeButton } from "./license-change-button";

type Action = (state: ActionState, formData: FormData) => Promise<ActionState>;

export type LicenseChangeActions = { renew: Action; upgrade: Action };

type Props = {
  license: { id: string; key: string; productName: string; expiresAt: Date | null };
  status: LicenseStatus;
  offers: Offers;
  actions: LicenseChangeActions;
  /** Which page the forms are on: a signed-out visitor comes back to it. */
  from: "list" | "key";
  now: Date;
};

/** Whether a key has anything to offer or say (lifetime and revoked keys have not). */
export function hasLicenseOffers(offers: Offers): boolean {
  const { state } = offers.renewal;
  return offers.upgrades.length > 0 || state.renewable || state.reason === "too_early" || state.reason === "subscription";
}

/** Above an expired key's Renew: what expiry means for the customer, and that renewing keeps the key. */
export function ExpiredKeyNotice() {
  return (
    <p className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
      This key has expired: your sites report it as expired and new releases are not covered. Renew it and the same key works again.
    </p>
  );
}

/**
 * A key's Renew and Upgrade: "Renew for $X" from 60 days before expiry (the main action once it has
 * expired), when renewal opens before that, and one button per upgrade path on an active key.
 */
export function LicenseOffers({ license, status, offers, actions, from, now }: Props) {
  if (!hasLicenseOffers(offers)) return null;
  const { renewal, upgrades } = offers;
  const context = `(${license.productName}, ${maskLicenseKey(license.key)})`;
  const renewsUntil = renewal.state.renewable && license.expiresAt && renewal.termDays ? renewedExpiry(license.expiresAt, now, { days: renewal.termDays }) : null;
  return (
    <div className="flex flex-wrap items-start gap-x-4 gap-y-3">
      {renewal.state.renewable ? (
        <div className="space-y-1">
          <LicenseChangeButton
            action={actions.renew}
            fields={{ licenseId: license.id, from }}
            label={`Renew for ${formatPrice(renewal.priceCents, renewal.currency)}`}
            context={context}
            variant={status === "expired" ? "primary" : "secondary"}
          />
          {renewsUntil && (
            <p className="text-xs text-slate-600">
              Same key, valid until {formatDate(renewsUntil)}
              {renewal.discountPercent > 0 && <> · {renewal.discountPercent} % renewal discount</>}
            </p>
          )}
        </div>
      ) : renewal.state.reason === "too_early" && renewal.state.opensAt ? (
        <p className="text-sm text-slate-600">Renewal opens on {formatDate(renewal.state.opensAt)}.</p>
      ) : renewal.state.reason === "subscription" ? (
        <p className="text-sm text-slate-600">Renews by itself with your yearly subscription.</p>
      ) : null}
      {upgrades.map((upgrade) => (
        <LicenseChangeButton
          key={upgrade.pathId}
          action={actions.upgrade}
          fields={{ licenseId: license.id, toProductSlug: upgrade.toSlug, from }}
          label={`Upgrade to ${upgrade.toName} (${formatSites(upgrade.toMaxActivations).toLowerCase()}) for ${formatPrice(upgrade.priceCents, upgrade.currency)}`}
          context={context}
        />
      ))}
    </div>
  );
}
