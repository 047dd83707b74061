// POST /api/webhooks/stripe through the real server (server/main.ts + Next.js) in Stripe mode,
// with real signatures: raw body in, JSON in our error vocabulary out, and a bounded body. It runs
// on one database (a fresh SQLite file); the event rules are covered on both engines in
// webhooks.test.ts.
import { afterAll, beforeAll, expect, it } from "vitest";
import { startStoreServer, type StoreServer } from "../../helpers/store-server";
import { openTestDatabase, type TestDatabase } from "../../helpers/test-databases";
import { fakeStripeForFile, licensesOf, startStripePurchase } from "./helpers";

const fakeStripe = fakeStripeForFile();
let database: TestDatabase | undefined;
let server: StoreServer | undefined;

beforeAll(async () => {
  database = await openTestDatabase("sqlite");
  server = await startStoreServer({
    databaseUrl: database.url,
    env: { STRIPE_SECRET_KEY: "sk_test_fake", STRIPE_WEBHOOK_SECRET: fakeStripe().webhookSecret, STRIPE_API_BASE: fakeStripe().baseUrl },
  });
});
afterAll(async () => {
  await server?.stop();
  await database?.close();
});

function db() {
  if (!database) throw new Error("database opens in beforeAll");
  return database.db;
}
const webhookUrl = () => `${server?.url}/api/webhooks/stripe`;

it("applies a signed checkout.session.completed once and answers 200", async () => {
  const { orderId, sessionId } = await startStripePurchase(db(), fakeStripe(), { quantity: 2 });
  const event = fakeStripe().completeCheckout(sessionId);
  const first = await fakeStripe().deliver(event, webhookUrl());
  expect(first.status).toBe(200);
  expect(first.headers.get("content-type")).toMatch(/^application\/json/);
  expect(await first.json()).toEqual({ received: true, outcome: "processed" });
  const again = await fakeStripe().deliver(event, webhookUrl());
  expect(await again.json()).toEqual({ received: true, outcome: "duplicate" });
  expect(await licensesOf(db(), orderId)).toHaveLength(2);
});

it("answers 400 with the error vocabulary for a bad signature", async () => {
  const event = fakeStripe().event("checkout.session.completed", { id: "cs_test_x" });
  const response = await fetch(fakeStripe().signedRequest(event, webhookUrl(), "whsec_not_ours"));
  expect(response.status).toBe(400);
  expect(await response.json()).toEqual({ error: { code: "INVALID_SIGNATURE", message: "The Stripe signature does not match" } });
});

it("answers 200 and ignores an event type it does not handle", async () => {
  const response = await fetch(fakeStripe().signedRequest(fakeStripe().event("customer.created", { id: "cus_test_1" }), webhookUrl()));
  expect(response.status).toBe(200);
  expect(await response.json()).toEqual({ received: true, outcome: "ignored" });
});

it("refuses a body over 1 MiB with 413, declared or streamed, before checking anything", async () => {
  const tooLarge = { error: { code: "BODY_TOO_LARGE", message: "The request body must be at most 1048576 bytes" } };
  const declared = await fetch(webhookUrl(), {
    method: "POST",
    headers: { "Content-Type": "application/json", "Stripe-Signature": "t=1,v1=x" },
    body: "x".repeat(1024 * 1024 + 1),
  });
  expect(declared.status).toBe(413);
  expect(await declared.json()).toEqual(tooLarge);

  // No Content-Length: the limit holds while the body streams in.
  const chunk = new Uint8Array(64 * 1024).fill(120);
  let sent = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= 4 * 1024 * 1024) return controller.close();
      sent += chunk.length;
      controller.enqueue(chunk);
    },
  });
  const streamed = await fetch(webhookUrl(), { method: "POST", headers: { "Content-Type": "application/json" }, body, duplex: "half" } as RequestInit);
  expect(streamed.status).toBe(413);
  expect(await streamed.json()).toEqual(tooLarge);
});

it("answers other methods with a JSON 405 naming the one it takes", async () => {
  const response = await fetch(webhookUrl());
  expect(response.status).toBe(405);
  expect(response.headers.get("allow")).toBe("POST, OPTIONS");
  expect(await response.json()).toMatchObject({ error: { code: "METHOD_NOT_ALLOWED" } });
});
