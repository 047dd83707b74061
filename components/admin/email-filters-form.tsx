import Link from "next/link";
import type { AdminEmailFilters } from "@/lib/admin/email-filters";
import { EMAIL_STATUSES } from "@/lib/email/list-messages";
import { Button } from "../ui/button";

const FIELD = "block rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-500/30";

/** The recipient search and status filter of Admin → Emails: a plain GET form, so results have a URL. */
export function EmailFiltersForm({ filters }: { filters: AdminEmailFilters }) {
  return (
    <form method="get" action="/admin/emails" role="search" aria-label="Emails" className="flex flex-wrap items-end gap-3">
      <div className="min-w-0 flex-1 basis-64 space-y-1">
        <label htmlFor="q" className="block text-sm font-medium text-slate-700">Recipient</label>
        <input id="q" name="q" type="search" defaultValue={filters.q ?? ""} placeholder="Email address, or part of one" className={`w-full ${FIELD}`} />
      </div>
      <div className="space-y-1">
        <label htmlFor="status" className="block text-sm font-medium text-slate-700">Status</label>
        <select id="status" name="status" defaultValue={filters.status ?? ""} className={FIELD}>
          <option value="">Any status</option>
          {EMAIL_STATUSES.map((status) => (
            <option key={status} value={status}>{status[0]!.toUpperCase() + status.slice(1)}</option>
          ))}
        </select>
      </div>
      <div className="flex gap-2">
        <Button type="submit">Search</Button>
        {(filters.q || filters.status) && (
          <Link href="/admin/emails" className="inline-flex items-center rounded-md px-3 py-2 text-sm font-medium text-slate-700 hover:bg-slate-100">
            Clear
          </Link>
        )}
      </div>
    </form>
  );
}
