import type { AuditEvent } from "@/lib/db";
import { formatDateTime } from "@/lib/licenses/format";
import { EmptyState } from "../ui/empty-state";

const ACTION_LABELS: Record<string, string> = {
  "license.issued": "Issued",
  "license.issued_as_replacement": "Issued as a replacement",
  "license.revoked": "Revoked",
  "license.replaced": "Replaced",
  "license.max_activations_changed": "Max Activations changed",
  "license.activation_deactivated": "Activation deactivated",
};

const DETAIL_LABELS: Record<string, string> = {
  reason: "Reason",
  from: "From",
  to: "To",
  maxActivations: "Max Activations",
  expiresAt: "Expires",
  environment: "Environment",
  replacementKey: "Replacement",
  originalKey: "Replaces",
};

function formatDetail(key: string, value: unknown): string {
  if ((key === "from" || key === "to" || key === "maxActivations") && value === 0) return "Unlimited";
  if (key === "expiresAt") return typeof value === "string" ? formatDateTime(new Date(value)) : "Lifetime";
  return value === null || value === undefined ? "—" : String(value);
}

/** "Reason: refund · From: 1" from the JSON details; ids are left out (the page links them). */
function describeDetails(details: string | null): string | null {
  if (!details) return null;
  try {
    const parsed: unknown = JSON.parse(details);
    if (!parsed || typeof parsed !== "object") return null;
    const parts = Object.entries(parsed)
      .filter(([key]) => key in DETAIL_LABELS)
      .map(([key, value]) => `${DETAIL_LABELS[key]}: ${formatDetail(key, value)}`);
    return parts.length ? parts.join(" · ") : null;
  } catch {
    return null;
  }
}

/** What happened to a key, newest first, and who did it. */
export function AuditTrail({ events, actors }: { events: readonly AuditEvent[]; actors: Map<string, string> }) {
  if (events.length === 0) return <EmptyState title="No history recorded" />;
  return (
    <ol className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white text-sm shadow-sm">
      {events.map((event) => {
        const details = describeDetails(event.details);
        return (
          <li key={event.id} className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1 px-4 py-3">
            <div className="min-w-0">
              <p className="font-medium">{ACTION_LABELS[event.action] ?? event.action}</p>
              {details && <p className="break-words text-slate-600">{details}</p>}
            </div>
            <p className="text-xs text-slate-500">
              {formatDateTime(event.at)} · <span className="break-all">{actors.get(event.actor) ?? event.actor}</span>
            </p>
          </li>
        );
      })}
    </ol>
  );
}
