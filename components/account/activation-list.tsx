import type { CustomerLicense } from "@/lib/licenses/queries";
import { formatDateTime } from "@/lib/licenses/format";
import type { ActionState } from "@/lib/http/validated-action";
import { Badge } from "../ui/badge";
import { DeactivateActivationDialog } from "../licenses/deactivate-activation-dialog";
import { EmptyState } from "../ui/empty-state";

type Props = {
  license: Pick<CustomerLicense, "id" | "activations">;
  /** Absent on a revoked key: its activations stay as they were. */
  deactivate?: (state: ActionState, formData: FormData) => Promise<ActionState>;
};

/**
 * A customer's sites on one key, active ones first, each with a Deactivate button. A list rather
 * than a table: three facts and a button read well at any width, with nothing to scroll sideways.
 */
export function ActivationList({ license, deactivate }: Props) {
  const activations = [...license.activations].sort((a, b) => Number(Boolean(a.deactivatedAt)) - Number(Boolean(b.deactivatedAt)));
  if (activations.length === 0) {
    return <EmptyState title="No activations yet">The first site that verifies this key will appear here.</EmptyState>;
  }
  return (
    <ul aria-label="Activations" className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white shadow-sm">
      {activations.map((activation) => (
        <li key={activation.id} className="flex flex-wrap items-center justify-between gap-x-6 gap-y-3 px-4 py-3">
          <div className="min-w-0 space-y-1">
            <p className={`font-medium break-all ${activation.deactivatedAt ? "text-slate-500" : ""}`}>
              {activation.environment}
              <span className="sr-only">{activation.kind === "ip" ? " (IP address)" : " (domain)"}</span>
              {activation.local && <span className="ml-2 align-middle"><Badge tone="indigo">Local, no slot</Badge></span>}
            </p>
            <dl className="flex flex-wrap gap-x-4 gap-y-0.5 text-xs text-slate-500">
              <div className="flex gap-1"><dt>First seen</dt><dd className="text-slate-700">{formatDateTime(activation.firstSeenAt)}</dd></div>
              <div className="flex gap-1"><dt>Last seen</dt><dd className="text-slate-700">{formatDateTime(activation.lastSeenAt)}</dd></div>
            </dl>
          </div>
          {activation.deactivatedAt ? (
            <Badge>Deactivated {formatDateTime(activation.deactivatedAt)}</Badge>
          ) : deactivate ? (
            <DeactivateActivationDialog action={deactivate} licenseId={license.id} activation={activation}>
              <p>
                The key stops working on <strong className="break-all">{activation.environment}</strong> and its slot is freed for
                another site. If that site verifies again later, it takes a slot again.
              </p>
            </DeactivateActivationDialog>
          ) : (
            <Badge tone="green">Active</Badge>
          )}
        </li>
      ))}
    </ul>
  );
}
