import Link from "next/link";
import { notFound } from "next/navigation";
import { ActivationHistory } from "@/components/admin/activation-history";
import { AuditTrail } from "@/components/admin/audit-trail";
import { LicenseSummary } from "@/components/admin/license-summary";
import { MaxActivationsForm } from "@/components/admin/max-activations-form";
import { RevokeNotifyField } from "@/components/admin/revoke-notify-field";
import { RevokeReasonField } from "@/components/admin/revoke-reason-field";
import { LicenseDownloadTable } from "@/components/releases/license-download-table";
import { LicenseKey } from "@/components/licenses/license-key";
import { LicenseHeading } from "@/components/licenses/license-heading";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { requireAdmin } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { recordIdSchema } from "@/lib/licenses/admin-schemas";
import { formatDateTime } from "@/lib/licenses/format";
import { describeActors, findLicenseForAdmin, findLicenseKeys, listLicenseAuditEvents, replacementLinks } from "@/lib/licenses/queries";
import { deriveLicenseStatus } from "@/lib/licenses/status";
import { listLicenseDownloads } from "@/lib/releases/license-downloads";
import { changeMaxActivationsAction, deactivateActivationAction, replaceLicenseAction, revokeLicenseAction } from "./actions";

export const metadata = { title: "License · Admin" };

type Props = { params: Promise<{ id: string }>; searchParams: Promise<{ replaced?: string | string[] }> };

export default async function AdminLicensePage({ params, searchParams }: Props) {
  const { id } = await params;
  await requireAdmin(`/admin/licenses/${encodeURIComponent(id)}`);
  const licenseId = recordIdSchema.safeParse(id);
  const license = licenseId.success ? await findLicenseForAdmin(db, licenseId.data) : null;
  if (!license) notFound();

  const events = await listLicenseAuditEvents(db, license.id);
  const links = replacementLinks(events);
  const [actors, linkedKeys, downloads] = await Promise.all([
    describeActors(db, [...events.map((e) => e.actor), license.revokedBy]),
    findLicenseKeys(db, [links.replacedBy, links.replaces]),
    listLicenseDownloads(db, license.id),
  ]);
  const status = deriveLicenseStatus(license);
  const revoked = status === "revoked";
  const justReplaced = typeof (await searchParams).replaced === "string" && Boolean(links.replaces);
  const keyLink = (targetId: string) => (
    <Link href={`/admin/licenses/${targetId}`} className="font-mono text-indigo-700 underline break-all">
      {linkedKeys.get(targetId) ?? targetId}
    </Link>
  );

  return (
    <>
      <LicenseHeading backHref="/admin/licenses" productName={license.productName} status={status}>
        <LicenseKey licenseKey={license.key} label="license key" />
      </LicenseHeading>

      {justReplaced && <Alert tone="success">Replacement key issued to the same customer. The previous key is revoked.</Alert>}
      {links.replaces && <p className="text-sm text-slate-700">This key replaces {keyLink(links.replaces)}.</p>}
      {license.revokedAt && (
        <div role="note" aria-label="Revocation" className="rounded-lg border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-900">
          <p className="font-semibold">Revoked {formatDateTime(license.revokedAt)} by {license.revokedBy ? (actors.get(license.revokedBy) ?? license.revokedBy) : "unknown"}</p>
          <p className="mt-1 break-words">Reason: {license.revokeReason ?? "none given"}</p>
          {links.replacedBy && <p className="mt-1">Replaced by {keyLink(links.replacedBy)}.</p>}
        </div>
      )}

      <div className="grid gap-6 lg:grid-cols-3">
        <Card title="Details" className="lg:col-span-2">
          <LicenseSummary license={license} />
        </Card>
        <Card title="Actions">
          {revoked ? (
            <p className="text-sm text-slate-600">A revoked key is final. To restore access, issue a replacement key.</p>
          ) : (
            <MaxActivationsForm
              action={changeMaxActivationsAction}
              licenseId={license.id}
              maxActivations={license.maxActivations}
              activationsUsed={license.activationsUsed}
            />
          )}
          <div className="mt-5 space-y-4 border-t border-slate-100 pt-5">
            <div className="space-y-2">
              <ConfirmDialog
                action={replaceLicenseAction}
                fields={{ licenseId: license.id }}
                triggerLabel="Issue replacement key"
                title="Issue a replacement key?"
                confirmLabel="Issue replacement"
                confirmVariant="primary"
              >
                <p>
                  {license.user.email} gets a new key for {license.productName} with the same Max Activations (
                  {license.maxActivations === 0 ? "unlimited" : license.maxActivations}) and expiry, and no activations.
                </p>
                {!revoked && <p className="font-medium text-red-700">This key is revoked at once, permanently.</p>}
              </ConfirmDialog>
              <p className="text-xs text-slate-500">Same product, limits and expiry; the old key stays revoked.</p>
            </div>
            {!revoked && (
              <div className="space-y-2">
                <ConfirmDialog
                  action={revokeLicenseAction}
                  fields={{ licenseId: license.id }}
                  triggerLabel="Revoke key"
                  triggerVariant="danger"
                  title="Revoke this key permanently?"
                  confirmLabel="Revoke permanently"
                >
                  <p>
                    Verify answers <strong>License has been revoked</strong> for it from now on, on every site. A revoked key
                    cannot be restored; you can issue a replacement.
                  </p>
                  <RevokeReasonField />
                  <RevokeNotifyField email={license.user.email} />
                </ConfirmDialog>
                <p className="text-xs text-slate-500">Permanent. Activations are kept for the record.</p>
              </div>
            )}
          </div>
        </Card>
      </div>

      <section aria-labelledby="activations-heading" className="space-y-3">
        <h2 id="activations-heading" className="text-lg font-semibold">Activation history</h2>
        <ActivationHistory license={license} deactivate={revoked ? undefined : deactivateActivationAction} />
      </section>

      <section aria-labelledby="downloads-heading" className="space-y-3">
        <h2 id="downloads-heading" className="text-lg font-semibold">Downloads</h2>
        <LicenseDownloadTable downloads={downloads.downloads} total={downloads.total} />
      </section>

      <section aria-labelledby="history-heading" className="space-y-3">
        <h2 id="history-heading" className="text-lg font-semibold">History</h2>
        <AuditTrail events={events} actors={actors} />
      </section>
    </>
  );
}
