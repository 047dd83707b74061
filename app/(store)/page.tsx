import Link from "next/link";
import { formatPrice, formatSites, formatValidity } from "@/lib/products/format";
import { listActiveProducts } from "@/lib/products/list-products";

export const dynamic = "force-dynamic";

export default async function HomePage() {
  const products = await listActiveProducts();
  return (
    <div className="space-y-8">
      <section className="space-y-2">
        <h1 className="text-3xl font-semibold tracking-tight">Plugins, themes and apps</h1>
        <p className="max-w-2xl text-slate-600">
          Every purchase comes with a license key for your sites. Manage your keys and activations from your account.
        </p>
      </section>
      {products.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white p-8 text-center text-slate-600">
          No products yet. An admin can add them from Admin → Products.
        </p>
      ) : (
        <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3" aria-label="Products">
          {products.map((product) => (
            <li
              key={product.id}
              className="relative flex flex-col rounded-lg border border-slate-200 bg-white p-5 shadow-sm focus-within:ring-2 focus-within:ring-indigo-500 hover:border-indigo-300 hover:shadow"
            >
              <h2 className="text-lg font-semibold">
                {/* The whole card is the link (the ::after covers it); the heading names it. */}
                <Link href={`/products/${encodeURIComponent(product.slug)}`} className="after:absolute after:inset-0 hover:text-indigo-700 focus:outline-none">
                  {product.name}
                </Link>
              </h2>
              <p className="mt-1 flex-1 text-sm text-slate-600">{product.description}</p>
              <dl className="mt-4 flex flex-wrap gap-2 text-xs">
                <dt className="sr-only">Sites</dt>
                <dd className="rounded-full bg-indigo-50 px-2 py-1 text-indigo-700">{formatSites(product.maxActivations)}</dd>
                <dt className="sr-only">Validity</dt>
                <dd className="rounded-full bg-slate-100 px-2 py-1 text-slate-700">{product.billing === "yearly" ? "Yearly subscription" : formatValidity(product.validityDays)}</dd>
              </dl>
              <p className="mt-4 flex items-baseline justify-between gap-2">
                <span className="text-xl font-semibold">
                  {formatPrice(product.priceCents, product.currency)}
                  {product.billing === "yearly" && <span className="text-sm font-normal text-slate-500"> / year</span>}
                </span>
                <span aria-hidden="true" className="text-sm font-medium text-indigo-700">View and buy →</span>
              </p>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
