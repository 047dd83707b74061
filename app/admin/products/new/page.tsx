import Link from "next/link";
import { ProductForm } from "@/components/admin/product-form";
import { requireAdmin } from "@/lib/auth/session";
import { createProductAction } from "../actions";

export const metadata = { title: "New product · Admin" };

const EMPTY = {
  name: "",
  slug: "",
  kind: "plugin",
  packageSlug: "",
  homepage: "",
  author: "",
  description: "",
  installation: "",
  price: "",
  currency: "usd",
  maxActivations: "1",
  validityDays: "",
  active: true,
  renewalDiscountPercent: "",
  billing: "one_time",
};

export default async function NewProductPage() {
  await requireAdmin("/admin/products/new");
  return (
    <>
      <div className="space-y-2">
        <Link href="/admin/products" className="text-sm font-medium text-indigo-700 hover:underline">← All products</Link>
        <h1 className="text-2xl font-semibold">New product</h1>
      </div>
      <div className="max-w-3xl rounded-lg border border-slate-200 bg-white p-5 shadow-sm sm:p-6">
        <ProductForm action={createProductAction} initial={EMPTY} submitLabel="Create product" />
      </div>
    </>
  );
}
