import Link from "next/link";
import { ProductTable } from "@/components/admin/product-table";
import { Alert } from "@/components/ui/alert";
import { EmptyState } from "@/components/ui/empty-state";
import { requireAdmin } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { listProductsForAdmin } from "@/lib/products/admin-products";

export const metadata = { title: "Products · Admin" };

type Props = { searchParams: Promise<{ created?: string | string[] }> };

export default async function AdminProductsPage({ searchParams }: Props) {
  await requireAdmin("/admin/products");
  const [products, { created }] = await Promise.all([listProductsForAdmin(db), searchParams]);
  const createdProduct = typeof created === "string" ? products.find((p) => p.slug === created) : undefined;
  return (
    <>
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div className="space-y-1">
          <h1 className="text-2xl font-semibold">Products</h1>
          <p className="text-sm text-slate-600">What your store sells. Each new key copies its product&apos;s limits and validity.</p>
        </div>
        <Link href="/admin/products/new" className="inline-flex items-center rounded-md bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-700">
          New product
        </Link>
      </div>
      {createdProduct && <Alert tone="success">Created {createdProduct.name}.</Alert>}
      {products.length === 0 ? (
        <EmptyState title="No products yet">Create your first product to start selling.</EmptyState>
      ) : (
        <ProductTable products={products} />
      )}
    </>
  );
}
