// The GET form of Admin → Licenses: search text, status and cursor, read from the URL. Bad values
// are dropped rather than failing the page: a URL is user input.
import { z } from "zod";
import { listHref, queryParam, queryText } from "../http/query-param";
import { LICENSE_KEY_MAX_INPUT_LENGTH } from "../licenses/key";

export const LICENSE_STATUS_FILTERS = ["active", "expired", "revoked"] as const;

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
