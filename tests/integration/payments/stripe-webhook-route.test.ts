// The route module itself (app/api/webhooks/stripe/route.ts) with real signatures: raw body in,
// JSON in our error vocabulary out. It uses the app's database singleton, so it runs on one
// database (a fresh SQLite file); the event rules are covered on both engines in webhooks.test.ts.
import { afterAll, beforeAll, expect, it } from "vitest";
import { openTestDatabase, type TestDatabase } from "../../helpers/test-databases";
import { licensesOf, startStripePurchase, fakeStripeForFile } from "./helpers";

const fakeStripe = fakeStripeForFile();
let database: TestDatabase | undefined;
let POST: (request: Request) => Promise<Response>;
const savedUrl = process.env.DATABASE_URL;

beforeAll(async () => {
  database = await openTestDatabase("sqlite");
  process.env.DATABASE_URL = database.url; // before the app's db singleton is first used
  ({ POST } = await import("../../../app/api/webhooks/stripe/route"));
});
afterAll(async () => {
  if (savedUrl === undefined) delete process.env.DATABASE_URL;
  else process.env.DATABASE_URL = savedUrl;
  await database?.close();
});

function db() {
  if (!database) throw new Error("database opens in beforeAll");
  return database.db;
}

it("applies a signed checkout.session.completed once and answers 200", async () => {
  const { orderId, sessionId } = await startStripePurchase(db(), fakeStripe(), { quantity: 2 });
  const event = fakeStripe().completeCheckout(sessionId);
  const first = await fakeStripe().deliver(event, POST);
  expect(first.status).toBe(200);
  expect(first.headers.get("content-type")).toMatch(/^application\/json/);
  expect(await first.json()).toEqual({ received: true, outcome: "processed" });
  const again = await fakeStripe().deliver(event, POST);
  expect(await again.json()).toEqual({ received: true, outcome: "duplicate" });
  expect(await licensesOf(db(), orderId)).toHaveLength(2);
});

it("answers 400 with the error vocabulary for a bad signature", async () => {
  const event = fakeStripe().event("checkout.session.completed", { id: "cs_test_x" });
  const response = await POST(fakeStripe().signedRequest(event, undefined, "whsec_not_ours"));
  expect(response.status).toBe(400);
  expect(await response.json()).toEqual({ error: { code: "INVALID_SIGNATURE", message: "The Stripe signature does not match" } });
});

it("answers 200 and ignores an event type it does not handle", async () => {
  const response = await POST(fakeStripe().signedRequest(fakeStripe().event("invoice.paid", { id: "in_test_1" })));
  expect(response.status).toBe(200);
  expect(await response.json()).toEqual({ received: true, outcome: "ignored" });
});
