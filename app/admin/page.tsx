import Link from "next/link";
import { DailyBarChart } from "@/components/admin/daily-bar-chart";
import { EmailNotConfiguredBanner } from "@/components/admin/email-not-configured-banner";
import { StatGrid } from "@/components/admin/stat-grid";
import { LICENSE_STATUS_FILTER_LABELS } from "@/lib/admin/license-filters";
import { getStoreOverview, RENEWAL_RATE_DAYS, RENEWAL_REVENUE_RECENT_DAYS } from "@/lib/admin/overview";
import { requireAdmin } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { getDailyUsage } from "@/lib/licenses/usage-stats";
import { formatPrice } from "@/lib/products/format";

export const metadata = { title: "Admin" };

export default async function AdminPage() {
  await requireAdmin("/admin");
  const env = getEnv();
  const [overview, usage] = await Promise.all([getStoreOverview(db), getDailyUsage(db, 30)]);
  const revenue = overview.revenue.length
    ? overview.revenue.map((r) => formatPrice(r.netCents, r.currency)).join(" · ")
    : formatPrice(0, "usd");
  const { renewals } = overview;
  const renewalRevenue = (cents: (row: (typeof renewals.revenue)[number]) => number) =>
    renewals.revenue.length ? renewals.revenue.map((row) => formatPrice(cents(row), row.currency)).join(" · ") : formatPrice(0, "usd");
  const renewalRate = renewals.rate.rate === null ? "—" : `${Math.round(renewals.rate.rate * 100)} %`;
  const licenses = (status: string, value: number) => (
    <Link href={`/admin/licenses?status=${status}`} className="hover:text-indigo-700 hover:underline">
      {value.toLocaleString("en-US")}
    </Link>
  );

  return (
    <>
      <div className="space-y-1">
        <h1 className="text-2xl font-semibold">Admin</h1>
        <p className="text-sm text-slate-600">Your store at a glance.</p>
      </div>
      {/* In demo mode unsent email is expected; in production it means customers get no receipts. */}
      {!env.isDemo && !env.SMTP_URL && <EmailNotConfiguredBanner compact />}
      <StatGrid
        label="Store"
        stats={[
          { label: "Revenue", value: revenue, hint: "Paid orders, net of refunds" },
          { label: "Customers", value: overview.customers.toLocaleString("en-US") },
          { label: "Orders", value: overview.orders.toLocaleString("en-US") },
          { label: "Products", value: overview.products.toLocaleString("en-US") },
        ]}
      />
      <section aria-labelledby="licenses-heading" className="space-y-3">
        <h2 id="licenses-heading" className="text-lg font-semibold">Licenses by status</h2>
        <StatGrid
          label="Licenses by status"
          stats={[
            { label: "Active", value: licenses("active", overview.licenses.active) },
            { label: "Expired", value: licenses("expired", overview.licenses.expired) },
            { label: "Revoked", value: licenses("revoked", overview.licenses.revoked) },
          ]}
        />
      </section>
      <section aria-labelledby="renewals-heading" className="space-y-3">
        <h2 id="renewals-heading" className="text-lg font-semibold">Renewals</h2>
        <StatGrid
          label="Renewals"
          stats={[
            { label: `Renewal revenue, last ${RENEWAL_REVENUE_RECENT_DAYS} days`, value: renewalRevenue((row) => row.recentCents), hint: "Renewals paid and not refunded" },
            { label: "Renewal revenue, all time", value: renewalRevenue((row) => row.allTimeCents) },
            {
              label: "Renewal rate",
              value: renewalRate,
              hint: `Of keys whose term ended in the last ${RENEWAL_RATE_DAYS} days: ${renewals.rate.renewed.toLocaleString("en-US")} renewed, ${renewals.rate.lapsed.toLocaleString("en-US")} lapsed`,
            },
            { label: LICENSE_STATUS_FILTER_LABELS.expiring, value: licenses("expiring", renewals.expiringSoon), hint: "Active keys; reminders go out on the schedule in Settings" },
          ]}
        />
      </section>
      <section aria-labelledby="usage-heading" className="space-y-3">
        <h2 id="usage-heading" className="text-lg font-semibold">Last 30 days</h2>
        <div className="grid gap-4 lg:grid-cols-2">
          <DailyBarChart
            title="New activations"
            unit="new activations"
            points={usage.map((d) => ({ day: d.day, value: d.activations }))}
            barClassName="bg-indigo-500"
          />
          <DailyBarChart
            title="Verifications"
            unit="verifications"
            points={usage.map((d) => ({ day: d.day, value: d.verifications }))}
            barClassName="bg-emerald-500"
          />
        </div>
      </section>
    </>
  );
}
