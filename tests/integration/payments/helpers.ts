// Shared steps for the payment tests: Stripe mode pointed at the fake server, purchases made
// through the real checkout code, and webhook deliveries signed like Stripe's.
import { afterAll, beforeAll } from "vitest";
import type { Db } from "../../../lib/db";
import { beginCheckout } from "../../../lib/payments/begin-checkout";
import { receiveStripeWebhook } from "../../../lib/payments/webhooks/receive-stripe-webhook";
import { createCustomer, createProduct } from "../../helpers/factories";
import { FakeStripe, type StripeEventPayload } from "../../helpers/fake-stripe";

const STRIPE_ENV = ["STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET", "STRIPE_API_BASE", "NEXTAUTH_URL", "STORE_MODE"] as const;

/**
 * Starts the fake Stripe server and puts the store in Stripe mode for this test file. getEnv()
 * caches on first use, so this must run before any code reads the environment (a top-level hook).
 */
export function fakeStripeForFile(): () => FakeStripe {
  let fake: FakeStripe | undefined;
  const saved = Object.fromEntries(STRIPE_ENV.map((name) => [name, process.env[name]]));
  beforeAll(async () => {
    fake = await FakeStripe.start();
    Object.assign(process.env, {
      STRIPE_SECRET_KEY: "sk_test_fake",
      STRIPE_WEBHOOK_SECRET: fake.webhookSecret,
      STRIPE_API_BASE: fake.baseUrl,
      NEXTAUTH_URL: "http://store.test",
      STORE_MODE: "demo",
    });
  });
  afterAll(async () => {
    for (const name of STRIPE_ENV) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
    await fake?.close();
  });
  return () => {
    if (!fake) throw new Error("the fake Stripe server starts in beforeAll");
    return fake;
  };
}

/** Our webhook logic (the route's body) on a given database, as a fetch-like target. */
export function webhookTarget(db: Db): (request: Request) => Promise<Response> {
  return async (request) => {
    const payload = Buffer.from(await request.arrayBuffer());
    const answer = await receiveStripeWebhook(db, { payload, signature: request.headers.get("stripe-signature") });
    return Response.json(answer.body, { status: answer.status });
  };
}

export type Delivery = { status: number; body: { received?: boolean; outcome?: string; error?: { code: string; message: string } } };

export async function send(fake: FakeStripe, db: Db, event: StripeEventPayload): Promise<Delivery> {
  const response = await fake.deliver(event, webhookTarget(db));
  return { status: response.status, body: (await response.json()) as Delivery["body"] };
}

/** A customer buys `quantity` keys of a new product through Stripe Checkout (no event delivered yet). */
export async function startStripePurchase(db: Db, fake: FakeStripe, options: { quantity?: number; priceCents?: number } = {}) {
  fake.outbox.length = 0; // events of earlier tests are not this purchase's
  const customer = await createCustomer(db);
  const product = await createProduct(db, { maxActivations: 5, validityDays: 365 });
  if (options.priceCents !== undefined) await db.product.update({ where: { id: product.id }, data: { priceCents: options.priceCents } });
  const { orderId, redirectUrl } = await beginCheckout(db, {
    user: { id: customer.id, email: customer.email },
    productSlug: product.slug,
    quantity: options.quantity ?? 1,
  });
  const order = await db.order.findUniqueOrThrow({ where: { id: orderId } });
  const sessionId = order.stripeCheckoutSessionId;
  if (!sessionId) throw new Error("checkout did not record its session");
  return { customer, product, orderId, sessionId, redirectUrl };
}

export function licensesOf(db: Db, orderId: string) {
  return db.license.findMany({ where: { orderItem: { orderId } }, orderBy: { id: "asc" } });
}

export function orderOf(db: Db, orderId: string) {
  return db.order.findUniqueOrThrow({ where: { id: orderId } });
}

/** Audit entries of one action about one subject (e.g. `order:<id>`, or `license:` for all keys). */
export function auditEntries(db: Db, action: string, subjectPrefix: string) {
  return db.auditEvent.findMany({ where: { action, subject: { startsWith: subjectPrefix } } });
}

/** Audit entries of one action about any of the given keys. */
export function licenseAuditEntries(db: Db, action: string, licenseIds: string[]) {
  return db.auditEvent.findMany({ where: { action, subject: { in: licenseIds.map((id) => `license:${id}`) } } });
}
