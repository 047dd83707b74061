import { getStoreOverview } from "@/lib/admin/overview";
import { requireAdmin } from "@/lib/auth/session";

export const metadata = { title: "Admin" };

export default async function AdminPage() {
  await requireAdmin("/admin");
  const overview = await getStoreOverview();
  const stats = [
    { label: "Customers", value: overview.customers },
    { label: "Products", value: overview.products },
    { label: "Orders", value: overview.orders },
    { label: "Active licenses", value: overview.licenses.active },
    { label: "Expired licenses", value: overview.licenses.expired },
    { label: "Revoked licenses", value: overview.licenses.revoked },
  ];
  return (
    <>
      <h1 className="text-2xl font-semibold">Admin</h1>
      <dl className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
        {stats.map((stat) => (
          <div key={stat.label} className="rounded-lg border border-slate-200 bg-white p-5">
            <dt className="text-sm text-slate-500">{stat.label}</dt>
            <dd className="mt-1 text-2xl font-semibold">{stat.value}</dd>
          </div>
        ))}
      </dl>
    </>
  );
}
