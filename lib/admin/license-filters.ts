// The GET form of Admin → Licenses: search text, status and cursor, read from the URL. Bad values
// are dropped rather than failing the page: a URL is user input.
import { z } from "zod";
import { listHref, queryParam, queryText } from "../http/query-param";
import { LICENSE_STATUS_LABELS } from "../licenses/format";
import { LICENSE_KEY_MAX_INPUT_LENGTH } from "../licenses/key";
import type { LicenseListFilter } from "../licenses/list-licenses";

/** The derived statuses, and "expiring": active keys that expire within EXPIRING_WITHIN_DAYS. */
export const LICENSE_STATUS_FILTERS = ["active", "expired", "revoked", "expiring"] as const;
export type AdminLicenseStatusFilter = (typeof LICENSE_STATUS_FILTERS)[number];

export const EXPIRING_WITHIN_DAYS = 30;

export const LICENSE_STATUS_FILTER_LABELS: Record<AdminLicenseStatusFilter, string> = {
  ...LICENSE_STATUS_LABELS,
  expiring: `Expiring in ${EXPIRING_WITHIN_DAYS} days`,
};

export const adminLicenseFiltersSchema = z.object({
  q: queryText(LICENSE_KEY_MAX_INPUT_LENGTH),
  status: queryParam(z.enum(LICENSE_STATUS_FILTERS)),
  cursor: queryText(500),
});

export type AdminLicenseFilters = z.infer<typeof adminLicenseFiltersSchema>;

export function parseAdminLicenseFilters(searchParams: Record<string, string | string[] | undefined>): AdminLicenseFilters {
  return adminLicenseFiltersSchema.parse(searchParams);
}

/** The list's URL for the same filters at another cursor (or the first page). */
export function adminLicensesHref(filters: AdminLicenseFilters, cursor?: string | null): string {
  return listHref("/admin/licenses", { q: filters.q, status: filters.status, cursor });
}

/** What the list is asked for: a status, or the keys expiring soon (the list's own order and pages). */
export function adminLicenseListFilter(filters: AdminLicenseFilters): LicenseListFilter {
  const status = filters.status === "expiring" ? { expiringWithinDays: EXPIRING_WITHIN_DAYS } : { status: filters.status };
  return { ...status, search: filters.q };
}
