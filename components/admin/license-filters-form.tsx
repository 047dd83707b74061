import Link from "next/link";
import { LICENSE_STATUS_FILTER_LABELS, type AdminLicenseFilters } from "@/lib/admin/license-filters";
import { Button } from "../ui/button";

/** The search and status filter of Admin → Licenses: a plain GET form, so results have a URL. */
export function LicenseFiltersForm({ filters }: { filters: AdminLicenseFilters }) {
  return (
    <form method="get" action="/admin/licenses" role="search" aria-label="Licenses" className="flex flex-wrap items-end gap-3">
      <div className="min-w-0 flex-1 basis-64 space-y-1">
        <label htmlFor="q" className="block text-sm font-medium text-slate-700">Search</label>
        <input
          id="q"
          name="q"
          type="search"
          defaultValue={filters.q ?? ""}
          placeholder="Key, customer email or product"
          className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-500/30"
        />
      </div>
      <div className="space-y-1">
        <label htmlFor="status" className="block text-sm font-medium text-slate-700">Status</label>
        <select
          id="status"
          name="status"
          defaultValue={filters.status ?? ""}
          className="block rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-500/30"
        >
          <option value="">Any status</option>
          {Object.entries(LICENSE_STATUS_FILTER_LABELS).map(([value, label]) => (
            <option key={value} value={value}>{label}</option>
          ))}
        </select>
      </div>
      <div className="flex gap-2">
        <Button type="submit">Search</Button>
        {(filters.q || filters.status) && (
          <Link href="/admin/licenses" className="inline-flex items-center rounded-md px-3 py-2 text-sm font-medium text-slate-700 hover:bg-slate-100">
            Clear
          </Link>
        )}
      </div>
    </form>
  );
}
