import Link from "next/link";
import { notFound } from "next/navigation";
import { ProductForm } from "@/components/admin/product-form";
import { ProductUpgradePaths } from "@/components/admin/product-upgrade-paths";
import { requireAdmin } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { recordIdSchema } from "@/lib/licenses/admin-schemas";
import { findProductForAdmin, listUpgradePathsForAdmin } from "@/lib/products/admin-products";
import { productImagePath } from "@/lib/products/media";
import { addUpgradePathAction, removeUpgradePathAction, updateProductAction } from "../actions";

export const metadata = { title: "Edit product · Admin" };

type Props = { params: Promise<{ id: string }> };

export default async function EditProductPage({ params }: Props) {
  const { id } = await params;
  await requireAdmin(`/admin/products/${encodeURIComponent(id)}`);
  const productId = recordIdSchema.safeParse(id);
  const product = productId.success ? await findProductForAdmin(db, productId.data) : null;
  if (!product) notFound();
  const upgrades = await listUpgradePathsForAdmin(db, product);

  return (
    <>
      <div className="space-y-2">
        <Link href="/admin/products" className="text-sm font-medium text-indigo-700 hover:underline">← All products</Link>
        <h1 className="text-2xl font-semibold">Edit {product.name}</h1>
        <p className="text-sm text-slate-600">
          Changes shape future sales only: keys already issued keep their product name, limits and expiry.{" "}
          <Link href={`/admin/licenses?q=${encodeURIComponent(product.name)}`} className="text-indigo-700 hover:underline">See its keys</Link>
        </p>
        <Link
          href={`/admin/products/${product.id}/releases`}
          className="inline-flex items-center gap-1 rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium text-slate-800 hover:bg-slate-100"
        >
          Releases<span className="sr-only"> of {product.name}</span> →
        </Link>
      </div>
      <div className="max-w-3xl rounded-lg border border-slate-200 bg-white p-5 shadow-sm sm:p-6">
        <ProductForm
          action={updateProductAction}
          productId={product.id}
          submitLabel="Save changes"
          images={{
            icon: product.iconFile ? { src: productImagePath(product.iconFile) } : null,
            banner: product.bannerFile ? { src: productImagePath(product.bannerFile) } : null,
          }}
          initial={{
            name: product.name,
            slug: product.slug,
            kind: product.kind,
            packageSlug: product.packageSlug ?? "",
            homepage: product.homepage ?? "",
            author: product.author ?? "",
            description: product.description,
            installation: product.installation,
            price: (product.priceCents / 100).toFixed(2),
            currency: product.currency,
            maxActivations: String(product.maxActivations),
            validityDays: product.validityDays === null ? "" : String(product.validityDays),
            active: product.active,
            renewalDiscountPercent: product.renewalDiscountPercent === null ? "" : String(product.renewalDiscountPercent),
            billing: product.billing,
          }}
        />
      </div>
      <div className="max-w-3xl">
        <ProductUpgradePaths
          product={product}
          paths={upgrades.paths}
          targets={upgrades.targets}
          actions={{ add: addUpgradePathAction, remove: removeUpgradePathAction }}
        />
      </div>
    </>
  );
}
