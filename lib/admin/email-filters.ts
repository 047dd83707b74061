// The GET form of Admin → Emails: recipient search, status and cursor, read from the URL. Bad
// values are dropped rather than failing the page: a URL is user input.
import { z } from "zod";
import { EMAIL_STATUSES } from "../email/list-messages";
import { listHref, queryParam, queryText } from "../http/query-param";

export const adminEmailFiltersSchema = z.object({
  q: queryText(254),
  status: queryParam(z.enum(EMAIL_STATUSES)),
  cursor: queryText(500),
});

export type AdminEmailFilters = z.infer<typeof adminEmailFiltersSchema>;

export function parseAdminEmailFilters(searchParams: Record<string, string | string[] | undefined>): AdminEmailFilters {
  return adminEmailFiltersSchema.parse(searchParams);
}

/** The list's URL for the same filters at another cursor (or the first page). */
export function adminEmailsHref(filters: AdminEmailFilters, cursor?: string | null): string {
  return listHref("/admin/emails", { q: filters.q, status: filters.status, cursor });
}

/** The form of the Resend button. */
export const resendEmailFormSchema = z.object({
  messageId: z.string().trim().min(1, "Missing id").max(64, "Invalid id").regex(/^[A-Za-z0-9_-]+$/, "Invalid id"),
});
