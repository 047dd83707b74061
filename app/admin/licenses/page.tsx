import Link from "next/link";
import { redirect } from "next/navigation";
import { LicenseFiltersForm } from "@/components/admin/license-filters-form";
import { LicenseTable } from "@/components/admin/license-table";
import { EmptyState } from "@/components/ui/empty-state";
import { adminLicenseListFilter, adminLicensesHref, parseAdminLicenseFilters } from "@/lib/admin/license-filters";
import { requireAdmin } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { InvalidCursorError, listLicenses } from "@/lib/licenses/list-licenses";

export const metadata = { title: "Licenses · Admin" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

// Keyset pagination through listLicenses: the same cost on page 1 and page 2,000, and no count of
// the whole table, so the list stays fast with 100,000 keys.
export default async function AdminLicensesPage({ searchParams }: Props) {
  await requireAdmin("/admin/licenses");
  const filters = parseAdminLicenseFilters(await searchParams);
  const now = new Date();
  const page = await listLicenses(db, {
    filter: adminLicenseListFilter(filters),
    cursor: filters.cursor,
    perPage: 50,
    include: { user: { select: { email: true, name: true } } },
    now,
  }).catch((error: unknown) => {
    if (error instanceof InvalidCursorError) redirect(adminLicensesHref({ ...filters, cursor: undefined }));
    throw error;
  });
  const filtered = Boolean(filters.q || filters.status);

  return (
    <>
      <div className="space-y-1">
        <h1 className="text-2xl font-semibold">Licenses</h1>
        <p className="text-sm text-slate-600">Every key your store has issued, newest first. Open a key to revoke it or manage its activations.</p>
      </div>
      <LicenseFiltersForm filters={filters} />
      {page.items.length === 0 ? (
        <EmptyState title={filtered ? "No licenses match" : "No licenses yet"}>
          {filtered ? "Try another key, email or product, or clear the filters." : "Keys appear here as orders are paid."}
        </EmptyState>
      ) : (
        <LicenseTable licenses={page.items} now={now} />
      )}
      {(page.prevCursor || page.nextCursor) && (
        <nav aria-label="Pages" className="flex items-center justify-between gap-4 text-sm font-medium">
          {page.prevCursor ? (
            <Link href={adminLicensesHref(filters, page.prevCursor)} className="rounded-md border border-slate-300 bg-white px-3 py-1.5 hover:bg-slate-100">
              ← Previous
            </Link>
          ) : (
            <span />
          )}
          {page.nextCursor && (
            <Link href={adminLicensesHref(filters, page.nextCursor)} className="rounded-md border border-slate-300 bg-white px-3 py-1.5 hover:bg-slate-100">
              Next →
            </Link>
          )}
        </nav>
      )}
    </>
  );
}
