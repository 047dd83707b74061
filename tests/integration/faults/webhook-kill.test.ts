// The store killed (-9) in the middle of a Stripe webhook, then Stripe's retry: the real webhook
// route, a real signature, a real checkout.session.completed for a pending order of 3 keys, on
// PostgreSQL through a TCP proxy that freezes the server at a chosen statement so the kill lands
// exactly there. Wherever it lands, the retry leaves one fulfilment: 3 keys, the order paid once,
// the event recorded once, one receipt.
//
// (PostgreSQL only: the proxy is what puts the kill at a chosen statement. SQLite runs the same
// single transaction, and its journal makes a killed transaction vanish the same way.)
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StripeEventPayload } from "../../helpers/fake-stripe";
import { startStoreServer, type StoreServer } from "../../helpers/store-server";
import { startTcpProxy, type HoldVerdict, type TcpProxy } from "../../helpers/tcp-proxy";
import { openTestDatabase, postgresSkipReason, type TestDatabase } from "../../helpers/test-databases";
import { fakeStripeForFile, licensesOf, orderOf, startStripePurchase } from "../payments/helpers";

const KEYS = 3;
/** The fulfilment's first key being written, and the COMMIT that follows it. */
const LICENSE_INSERT = /INSERT INTO "(public"\.")?License"/;
const COMMIT = /\bCOMMIT\b/;

const fakeStripe = fakeStripeForFile();
const skipped = (await postgresSkipReason()) !== null;

describe.skipIf(skipped)("kill -9 in the middle of a Stripe webhook, then Stripe's retry", () => {
  let database: TestDatabase;
  let proxy: TcpProxy;
  let server: StoreServer | undefined;
  const started: StoreServer[] = [];

  const start = async () => {
    server = await startStoreServer({
      databaseUrl: proxy.urlFor(database.url),
      env: { STRIPE_SECRET_KEY: "sk_test_fake", STRIPE_WEBHOOK_SECRET: fakeStripe().webhookSecret, STRIPE_API_BASE: fakeStripe().baseUrl },
    });
    started.push(server);
    return server;
  };

  beforeAll(async () => {
    database = await openTestDatabase("postgresql");
    const target = new URL(database.url);
    proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
  });
  afterAll(async () => {
    for (const each of started) await each.stop();
    await proxy?.close();
    await database?.close();
  });

  /**
   * Delivers the event to a fresh server, freezes it where `decide` says, kills it with SIGKILL
   * there, and starts a new one (no shutdown, nothing flushed: what a crash or an OOM kill does).
   */
  async function deliverAndKill(event: StripeEventPayload, decide: (chunk: string) => HoldVerdict) {
    const doomed = await start();
    proxy.holdWhen((chunk) => decide(chunk.toString("latin1")));
    const delivery = fakeStripe()
      .deliver(event, `${doomed.url}/api/webhooks/stripe`)
      .then((response) => response.status)
      .catch(() => "no answer" as const);
    for (let waited = 0; !proxy.holding(); waited += 20) {
      if (waited > 30_000) throw new Error("the webhook never reached the frozen statement");
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    process.kill(doomed.pid, "SIGKILL");
    expect(await doomed.exited).toEqual({ code: null, signal: "SIGKILL" });
    expect(await delivery).toBe("no answer"); // Stripe saw the connection drop: it will retry
    proxy.release();
    await start();
  }

  async function expectFulfilledOnce(orderId: string, event: StripeEventPayload) {
    expect(await licensesOf(database.db, orderId)).toHaveLength(KEYS);
    expect((await orderOf(database.db, orderId)).status).toBe("paid");
    expect(await database.db.stripeEvent.count({ where: { id: event.id } })).toBe(1);
    const order = await orderOf(database.db, orderId);
    expect(await database.db.emailMessage.count({ where: { kind: "receipt", userId: order.userId } })).toBe(1);
  }

  it("killed inside the fulfilment's transaction, before COMMIT: nothing was applied, and the retry applies it once", async () => {
    const { orderId, sessionId } = await startStripePurchase(database.db, fakeStripe(), { quantity: KEYS });
    const event = fakeStripe().completeCheckout(sessionId);

    // Frozen as the first key is written: the event row and the order update before it are
    // already executed, in a transaction the kill leaves open.
    await deliverAndKill(event, (chunk) => (LICENSE_INSERT.test(chunk) ? "hold" : "pass"));
    expect(await licensesOf(database.db, orderId)).toHaveLength(0);
    expect((await orderOf(database.db, orderId)).status).toBe("pending");
    expect(await database.db.stripeEvent.count({ where: { id: event.id } })).toBe(0);

    const retry = await fakeStripe().deliver(event, `${server!.url}/api/webhooks/stripe`);
    expect(retry.status).toBe(200);
    expect(await retry.json()).toEqual({ received: true, outcome: "processed" });
    await expectFulfilledOnce(orderId, event);

    // Stripe may deliver it yet again: still once.
    expect(await (await fakeStripe().deliver(event, `${server!.url}/api/webhooks/stripe`)).json()).toEqual({ received: true, outcome: "duplicate" });
    await expectFulfilledOnce(orderId, event);
  });

  it("killed after COMMIT reached the database but before the answer: the retry finds it applied and changes nothing", async () => {
    const { orderId, sessionId } = await startStripePurchase(database.db, fakeStripe(), { quantity: KEYS });
    const event = fakeStripe().completeCheckout(sessionId);

    // The COMMIT after the keys goes through; its answer, and the webhook's, never come back.
    let keysWritten = false;
    await deliverAndKill(event, (chunk) => {
      if (LICENSE_INSERT.test(chunk)) keysWritten = true;
      return keysWritten && COMMIT.test(chunk) ? "pass-then-hold" : "pass";
    });
    await expectFulfilledOnce(orderId, event);

    const retry = await fakeStripe().deliver(event, `${server!.url}/api/webhooks/stripe`);
    expect(retry.status).toBe(200);
    expect(await retry.json()).toEqual({ received: true, outcome: "duplicate" });
    await expectFulfilledOnce(orderId, event);
  });
});
