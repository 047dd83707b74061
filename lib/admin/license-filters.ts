// The GET form of Admin → Licenses: search text, status and cursor, read from the URL. Bad values
// are dropped rather than failing the page: a URL is user input.
import { z } from "zod";
import { queryParam } from "../http/query-param";
import { LICENSE_KEY_MAX_INPUT_LENGTH } from "../licenses/key";

const text = (max: number) =>
  queryParam(
    z
      .string()
      .trim()
      .max(max)
      .transform((value) => value || undefined),
  );

export const LICENSE_STATUS_FILTERS = ["active", "expired", "revoked"] as const;

export const adminLicenseFiltersSchema = z.object({
  q: text(LICENSE_KEY_MAX_INPUT_LENGTH),
  status: queryParam(z.enum(LICENSE_STATUS_FILTERS)),
  cursor: text(500),
});

export type AdminLicenseFilters = z.infer<typeof adminLicenseFiltersSchema>;

export function parseAdminLicenseFilters(searchParams: Record<string, string | string[] | undefined>): AdminLicenseFilters {
  return adminLicenseFiltersSchema.parse(searchParams);
}

/** The list's URL for the same filters at another cursor (or the first page). */
export function adminLicensesHref(filters: AdminLicenseFilters, cursor?: string | null): string {
  const params = new URLSearchParams();
  if (filters.q) params.set("q", filters.q);
  if (filters.status) params.set("status", filters.status);
  if (cursor) params.set("cursor", cursor);
  const query = params.toString();
  return query ? `/admin/licenses?${query}` : "/admin/licenses";
}
