import Link from "next/link";
import { redirect } from "next/navigation";
import { EmailFiltersForm } from "@/components/admin/email-filters-form";
import { EmailNotConfiguredBanner } from "@/components/admin/email-not-configured-banner";
import { EmailTable } from "@/components/admin/email-table";
import { EmptyState } from "@/components/ui/empty-state";
import { adminEmailsHref, parseAdminEmailFilters } from "@/lib/admin/email-filters";
import { requireAdmin } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { InvalidEmailCursorError, listEmailMessages } from "@/lib/email/list-messages";
import { getEnv } from "@/lib/env";

export const metadata = { title: "Emails · Admin" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const PAGE_LINK = "rounded-md border border-slate-300 bg-white px-3 py-1.5 hover:bg-slate-100";

// Keyset pagination like Admin → Licenses: the outbox only grows, and page 500 costs what page 1 does.
export default async function AdminEmailsPage({ searchParams }: Props) {
  await requireAdmin("/admin/emails");
  const filters = parseAdminEmailFilters(await searchParams);
  const emailConfigured = Boolean(getEnv().SMTP_URL);
  const now = new Date();
  const page = await listEmailMessages(db, { status: filters.status, recipient: filters.q, cursor: filters.cursor }).catch((error: unknown) => {
    if (error instanceof InvalidEmailCursorError) redirect(adminEmailsHref({ ...filters, cursor: undefined }));
    throw error;
  });
  const filtered = Boolean(filters.q || filters.status);

  return (
    <>
      <div className="space-y-1">
        <h1 className="text-2xl font-semibold">Emails</h1>
        <p className="text-sm text-slate-600">Every message the store has written, newest first: receipts, notices and account emails.</p>
      </div>
      {!emailConfigured && <EmailNotConfiguredBanner />}
      <EmailFiltersForm filters={filters} />
      {page.items.length === 0 ? (
        <EmptyState title={filtered ? "No emails match" : "No emails yet"}>
          {filtered ? "Try another address or status, or clear the filters." : "Messages appear here as orders are paid and keys change."}
        </EmptyState>
      ) : (
        <EmailTable messages={page.items} emailConfigured={emailConfigured} now={now} />
      )}
      {(page.prevCursor || page.nextCursor) && (
        <nav aria-label="Pages" className="flex items-center justify-between gap-4 text-sm font-medium">
          {page.prevCursor ? <Link href={adminEmailsHref(filters, page.prevCursor)} className={PAGE_LINK}>← Previous</Link> : <span />}
          {page.nextCursor && <Link href={adminEmailsHref(filters, page.nextCursor)} className={PAGE_LINK}>Next →</Link>}
        </nav>
      )}
    </>
  );
}
