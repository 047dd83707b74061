// Subscriptions through the real server (server/main.ts + Next.js), on a fresh SQLite database
// each: a Stripe store receives the first payment's events and a renewal's invoice.paid on
// POST /api/webhooks/stripe with real signatures, and has no Admin → Demo; a demo store shows it
// to admins only, linked from the admin navigation.
import { describe, expect, it } from "vitest";
import { createAccount, signInOverHttp } from "../../helpers/sessions";
import { storeServerForFile } from "../../helpers/store-server";
import { fakeStripeForFile } from "../payments/helpers";
import { keysOf, renewalOrdersOf, seconds, startSubscriptionPurchase, subscriptionOf } from "./helpers";

const fakeStripe = fakeStripeForFile();

describe("a Stripe store", () => {
  const store = storeServerForFile({
    env: {
      STRIPE_SECRET_KEY: "sk_test_fake",
      get STRIPE_WEBHOOK_SECRET() {
        return fakeStripe().webhookSecret;
      },
      get STRIPE_API_BASE() {
        return fakeStripe().baseUrl;
      },
    },
  });
  const webhookUrl = () => `${store.server().url}/api/webhooks/stripe`;
  const post = async (event: Parameters<ReturnType<typeof fakeStripe>["deliver"]>[0]) => {
    const response = await fakeStripe().deliver(event, webhookUrl());
    return { status: response.status, body: (await response.json()) as unknown };
  };

  it("applies a subscription's first payment and its renewal's invoice.paid, each once, through the webhook route", async () => {
    const db = store.db();
    const { orderId, sessionId } = await startSubscriptionPurchase(db, fakeStripe());
    const checkout = fakeStripe().completeSubscriptionCheckout(sessionId);
    fakeStripe().outbox.length = 0;
    for (const event of [checkout.invoicePaid, checkout.completed, checkout.updated]) {
      expect(await post(event)).toEqual({ status: 200, body: { received: true, outcome: "processed" } });
    }
    const [key] = await keysOf(db, orderId);
    expect(key?.expiresAt).toEqual(seconds(checkout.periodEnd));

    const { periodEnd, invoiceId } = fakeStripe().billing.renew(checkout.subscriptionId);
    const [renewalPaid] = fakeStripe().outbox.splice(0);
    if (!renewalPaid) throw new Error("no renewal invoice");
    expect(await post(renewalPaid)).toEqual({ status: 200, body: { received: true, outcome: "processed" } });
    expect(await post(renewalPaid)).toEqual({ status: 200, body: { received: true, outcome: "duplicate" } });
    expect((await db.license.findUniqueOrThrow({ where: { id: key?.id } })).expiresAt).toEqual(seconds(periodEnd));
    const renewals = await renewalOrdersOf(db, key?.id ?? "");
    expect(renewals.map((order) => [order.stripeInvoiceId, order.status])).toEqual([[invoiceId, "paid"]]);
    expect(await subscriptionOf(db, checkout.subscriptionId)).toMatchObject({ status: "active", currentPeriodEnd: seconds(periodEnd) });
  });

  it("has no Admin → Demo, and no link to it", async () => {
    const admin = await createAccount(store.db(), "ADMIN");
    const cookie = await signInOverHttp(store.server().url, admin);
    const demo = await fetch(`${store.server().url}/admin/demo`, { headers: { Cookie: cookie } });
    expect(demo.status).toBe(404);
    const overview = await fetch(`${store.server().url}/admin`, { headers: { Cookie: cookie } });
    expect(overview.status).toBe(200);
    expect(await overview.text()).not.toContain('href="/admin/demo"');
  });
});

describe("a demo store", () => {
  const store = storeServerForFile({ env: { STORE_MODE: "demo" } });

  it("shows Admin → Demo to admins, linked from the admin navigation; a customer gets 403", async () => {
    const admin = await createAccount(store.db(), "ADMIN");
    const cookie = await signInOverHttp(store.server().url, admin);
    const overview = await fetch(`${store.server().url}/admin`, { headers: { Cookie: cookie } });
    expect(await overview.text()).toContain('href="/admin/demo"');
    const demo = await fetch(`${store.server().url}/admin/demo`, { headers: { Cookie: cookie } });
    expect(demo.status).toBe(200);
    expect(await demo.text()).toContain("Advance the clock");

    const customer = await createAccount(store.db(), "CUSTOMER");
    const customerCookie = await signInOverHttp(store.server().url, customer);
    expect((await fetch(`${store.server().url}/admin/demo`, { headers: { Cookie: customerCookie } })).status).toBe(403);
  });
});
