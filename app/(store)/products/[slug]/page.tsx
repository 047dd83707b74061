import Link from "next/link";
import { notFound } from "next/navigation";
import { BuyForm } from "@/components/store/buy-form";
import { Alert } from "@/components/ui/alert";
import { getCurrentUser } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { maxQuantityForPrice } from "@/lib/orders/limits";
import { quantitySchema } from "@/lib/orders/schemas";
import { CHECKOUT_UNAVAILABLE_MESSAGE } from "@/lib/payments/begin-checkout";
import { formatPrice, formatSites, formatValidity } from "@/lib/products/format";
import { getActiveProductBySlug } from "@/lib/products/get-product";
import { startCheckout } from "./actions";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<{ quantity?: string }> };

export async function generateMetadata({ params }: Props) {
  const product = await getActiveProductBySlug(db, (await params).slug);
  return { title: product?.name ?? "Product not found" };
}

export default async function ProductPage({ params, searchParams }: Props) {
  const [{ slug }, query] = await Promise.all([params, searchParams]);
  const product = await getActiveProductBySlug(db, slug);
  if (!product) notFound();
  const user = await getCurrentUser();
  const quantity = quantitySchema.safeParse(query.quantity ?? "1");
  const returnTo = `/products/${encodeURIComponent(product.slug)}`;
  const payments = getEnv().payments;
  // A yearly product is a subscription: one key per order, renewed (same key) every year.
  const yearly = product.billing === "yearly";

  return (
    <div className="grid gap-8 lg:grid-cols-[1fr_22rem]">
      <section className="space-y-4">
        <Link href="/" className="text-sm text-indigo-700 hover:underline">← All products</Link>
        <h1 className="text-3xl font-semibold tracking-tight">{product.name}</h1>
        {product.description && <p className="max-w-2xl text-slate-700">{product.description}</p>}
        <div className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
          <h2 className="text-base font-semibold">What a key allows</h2>
          <dl className="mt-3 grid gap-3 text-sm sm:grid-cols-2">
            <div>
              <dt className="text-slate-500">Sites</dt>
              <dd className="font-medium">{formatSites(product.maxActivations)}</dd>
            </div>
            <div>
              <dt className="text-slate-500">Validity</dt>
              <dd className="font-medium">{yearly ? "1 year, renewed every year by subscription" : formatValidity(product.validityDays)}</dd>
            </div>
          </dl>
          <p className="mt-3 text-sm text-slate-600">
            {yearly
              ? "A yearly subscription: one license key, charged once a year; each renewal keeps the same key. Cancel any time from your account."
              : "Each unit you buy is one license key. A site counts once, however often it checks its key."}
          </p>
        </div>
      </section>

      <aside aria-label="Buy" className="h-fit space-y-4 rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
        <p>
          <span className="text-3xl font-semibold">{formatPrice(product.priceCents, product.currency)}</span>
          <span className="text-sm text-slate-500">{yearly ? " per year" : " per key"}</span>
        </p>
        {payments === "unavailable" ? (
          <Alert>{CHECKOUT_UNAVAILABLE_MESSAGE}</Alert>
        ) : (
          <BuyForm
            action={startCheckout}
            productSlug={product.slug}
            priceCents={product.priceCents}
            currency={product.currency}
            initialQuantity={quantity.success ? quantity.data : 1}
            maxQuantity={yearly ? 1 : maxQuantityForPrice(product.priceCents)}
            signedIn={Boolean(user)}
          />
        )}
        {!user && payments !== "unavailable" && (
          <p className="text-sm text-slate-600">
            Buying needs an account so your keys are kept for you.{" "}
            <Link href={`/sign-in?callbackUrl=${encodeURIComponent(returnTo)}`} className="text-indigo-700 underline">Sign in</Link> or{" "}
            <Link href={`/sign-up?callbackUrl=${encodeURIComponent(returnTo)}`} className="text-indigo-700 underline">create an account</Link>
            , and you come straight back here.
          </p>
        )}
        {payments === "demo" && <p className="text-xs text-amber-800">Demo payments: no money is taken.</p>}
      </aside>
    </div>
  );
}
