import Link from "next/link";
import { notFound } from "next/navigation";
import { AutoRefresh } from "@/components/store/auto-refresh";
import { OrderLineSummary } from "@/components/orders/order-line-summary";
import { OrderKeys } from "@/components/store/order-keys";
import { OrderStatusBadge } from "@/components/store/order-status-badge";
import { Alert } from "@/components/ui/alert";
import { requireUser } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { getOrderForUser } from "@/lib/orders/get-order";
import { idSchema } from "@/lib/orders/schemas";
import { formatPrice } from "@/lib/products/format";
import { retrieveCheckoutSession } from "@/lib/payments/stripe";

export const metadata = { title: "Your order" };

type Props = { searchParams: Promise<{ order?: string }> };

const HEADINGS: Record<string, string> = {
  paid: "Thank you! Your order is paid",
  partially_refunded: "Your order (partially refunded)",
  pending: "Confirming your payment…",
  failed: "The payment did not go through",
  cancelled: "This order was cancelled",
  refunded: "This order was refunded",
  disputed: "This order's payment is disputed",
};

/** Whether Stripe already has the money while our webhook is still on its way (display only). */
async function paidAtStripe(sessionId: string | null): Promise<boolean> {
  if (!sessionId) return false;
  try {
    return (await retrieveCheckoutSession(sessionId)).paid;
  } catch {
    return false; // Stripe unreachable: the page still shows what we know
  }
}

// Shows the order's state and, once paid, its keys. It NEVER fulfils: only the webhook (or the
// demo checkout's Pay) does, so reloading or forging this URL cannot issue keys.
export default async function CheckoutSuccessPage({ searchParams }: Props) {
  const parsed = idSchema.safeParse((await searchParams).order);
  if (!parsed.success) notFound();
  const user = await requireUser(`/checkout/success?order=${encodeURIComponent(parsed.data)}`);
  const order = await getOrderForUser(db, { orderId: parsed.data, userId: user.id });
  if (!order) notFound();
  const pending = order.status === "pending";
  // Held for review (Stripe reported another amount or currency): the store owner decides, so
  // neither "keys are being issued" nor a page that refreshes itself forever.
  const held = pending && order.needsReview;
  const moneyReceived = pending && !held && order.provider === "stripe" && (await paidAtStripe(order.stripeCheckoutSessionId));
  const hasKeys = order.items.some((item) => item.licenses.length > 0);
  // A renewal or upgrade issues no key: it changes one the customer has (the same key, kept).
  const changes = order.items.filter((item) => item.kind !== "purchase");

  return (
    <div className="mx-auto max-w-2xl space-y-6">
      {pending && !held && <AutoRefresh />}
      <div className="space-y-2">
        <div className="flex flex-wrap items-center gap-3">
          <h1 className="text-2xl font-semibold">{HEADINGS[order.status] ?? "Your order"}</h1>
          <OrderStatusBadge status={order.status} />
        </div>
        <p className="text-sm text-slate-600">
          Order <span className="font-mono">#{order.id.slice(-8)}</span> · {formatPrice(order.amountCents, order.currency)}
          {order.refundedCents > 0 && <> · {formatPrice(order.refundedCents, order.currency)} refunded</>}
          {order.provider === "demo" && <> · Demo payment (no money taken)</>}
        </p>
      </div>
      {pending && (
        <Alert tone="info">
          {held
            ? "Your payment needs a check by the store before your keys are issued. You will find them in Account → Licenses once it is confirmed."
            : moneyReceived
              ? "Payment received. Your keys are being issued; this page updates by itself."
              : "We are waiting for the payment to be confirmed. This page updates by itself; you can also find the order in Account → Orders."}
        </Alert>
      )}
      {changes.length > 0 && (
        <section aria-labelledby="changes-heading" className="space-y-3 rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
          <h2 id="changes-heading" className="text-lg font-semibold">Your key</h2>
          <ul className="space-y-2 text-sm" aria-label="Renewals and upgrades">
            {changes.map((item) => (
              <li key={item.id}>
                <OrderLineSummary line={item} keyHref={(id) => `/account/licenses/${id}`} />
                {item.targetLicense && (
                  <Link href={`/account/licenses/${item.targetLicense.id}`} className="ml-2 font-medium text-indigo-700 hover:underline">
                    Open the key →
                  </Link>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}
      {hasKeys && (
        <section aria-labelledby="keys-heading" className="space-y-3 rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
          <h2 id="keys-heading" className="text-lg font-semibold">Your license keys</h2>
          <p className="text-sm text-slate-600">
            Enter a key in the product&apos;s settings on your site. They are also kept in{" "}
            <Link href="/account/licenses" className="text-indigo-700 underline">Account → Licenses</Link>.
          </p>
          <OrderKeys order={order} now={new Date()} />
        </section>
      )}
      <p className="text-sm">
        <Link href="/account/orders" className="text-indigo-700 underline">All your orders</Link>
        {" · "}
        <Link href="/" className="text-indigo-700 underline">Continue shopping</Link>
      </p>
    </div>
  );
}
