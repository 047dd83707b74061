// What customers and the owner receive, over a real SMTP server: the sender (in process here, one
// per database; the real server's own at the end) delivers receipts with exactly the issued keys,
// once per cause even when Stripe replays a webhook, and the notices of refunds, disputes,
// owner revocations and replacements.
import type { Transporter } from "nodemailer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../../lib/db";
import { startEmailSender, type EmailSender } from "../../../lib/email/sender";
import { createSmtpTransport } from "../../../lib/email/transport";
import { runScript } from "../../helpers/run-script";
import { REFUND_REASON, refundOrder } from "../../../lib/orders/refund-order";
import { DISPUTE_REASON } from "../../../lib/orders/dispute-order";
import { createOrder } from "../../../lib/orders/create-order";
import { fulfilOrder } from "../../../lib/orders/fulfil-order";
import { replaceLicense } from "../../../lib/licenses/replace-license";
import { revokeLicense } from "../../../lib/licenses/revoke-license";
import { createCustomer, createProduct, issueTestLicense } from "../../helpers/factories";
import { startTestSmtpServer, type ReceivedMail, type TestSmtpServer } from "../../helpers/smtp";
import { startStoreServer, type StoreServer } from "../../helpers/store-server";
import { describeEachDatabaseWith, openTestDatabase, type TestDatabase } from "../../helpers/test-databases";
import { createTestApiKey } from "../server-api/helpers/server-api";
import { fakeStripeForFile, licensesOf, send, startStripePurchase } from "../payments/helpers";

const OWNER = "owner-receipts@example.org";
const fakeStripe = fakeStripeForFile();
let smtp: TestSmtpServer;
const savedNotify = process.env.STORE_NOTIFY_EMAIL;
beforeAll(async () => {
  process.env.STORE_NOTIFY_EMAIL = OWNER; // before getEnv() is first read, in a test
  smtp = await startTestSmtpServer();
});
afterAll(async () => {
  if (savedNotify === undefined) delete process.env.STORE_NOTIFY_EMAIL;
  else process.env.STORE_NOTIFY_EMAIL = savedNotify;
  await smtp.close();
});

/** Every string that looks like a full license key (a masked key has stars, so it does not). */
const keysIn = (text: string) => [...new Set(text.match(/CP-[A-Z0-9-]+/g) ?? [])].sort();
const to = (address: string) => (mail: ReceivedMail) => mail.to.includes(address);
const mailsTo = (address: string) => smtp.received.filter(to(address));

/** Waits until nothing is left to send to `address`, then a little longer: nothing more may follow. */
async function settled(db: Db, address: string) {
  for (let i = 0; i < 200; i++) {
    const open = await db.emailMessage.count({ where: { recipient: address, status: { in: ["pending", "sending"] } } });
    if (open === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await new Promise((resolve) => setTimeout(resolve, 300));
}

async function demoPurchase(db: Db, quantity: number) {
  const customer = await createCustomer(db);
  const product = await createProduct(db, { maxActivations: 3, validityDays: 365 });
  const order = await createOrder(db, { userId: customer.id, provider: "demo", items: [{ productSlug: product.slug, quantity }] });
  // What payDemoOrder does once it has found the customer's demo order.
  expect((await fulfilOrder(db, order.id, customer.id)).outcome).toBe("fulfilled");
  return { customer, product, orderId: order.id, keys: (await licensesOf(db, order.id)).map((license) => license.key).sort() };
}

type Fixture = { sender: EmailSender; transport: Transporter };

describeEachDatabaseWith<Fixture>(
  "emails of orders and keys",
  {
    setup: async (database) => {
      const transport = createSmtpTransport(smtp.url);
      return { transport, sender: startEmailSender({ db: database.db, transport, from: "store@example.org", pollMs: 50, log: () => {} }) };
    },
    teardown: async ({ sender, transport }) => {
      await sender.stop(2000);
      transport.close();
    },
  },
  ({ database }) => {
    const db = () => database().db;

    it("a demo purchase's receipt carries every key of the order and no other key, in text and HTML", async () => {
      const { customer, keys } = await demoPurchase(db(), 3);
      const [receipt] = await smtp.waitFor(to(customer.email));
      expect(receipt!.subject).toMatch(/receipt and license keys/);
      expect(keys).toHaveLength(3);
      expect(keysIn(receipt!.text)).toEqual(keys);
      expect(keysIn(receipt!.html)).toEqual(keys);
      await smtp.waitFor((mail) => to(OWNER)(mail) && mail.subject.includes(customer.email));
      await settled(db(), customer.email);
      expect(mailsTo(customer.email)).toHaveLength(1);
    });

    it("a Stripe checkout.session.completed sends one receipt with the issued keys, and its replay sends nothing", async () => {
      const { customer, orderId, sessionId } = await startStripePurchase(db(), fakeStripe(), { quantity: 2 });
      const event = fakeStripe().completeCheckout(sessionId);
      expect((await send(fakeStripe(), db(), event)).body.outcome).toBe("processed");
      expect((await send(fakeStripe(), db(), event)).body.outcome).toBe("duplicate");
      const [receipt] = await smtp.waitFor(to(customer.email));
      const keys = (await licensesOf(db(), orderId)).map((license) => license.key).sort();
      expect(keys).toHaveLength(2);
      expect(keysIn(receipt!.text)).toEqual(keys);
      expect(keysIn(receipt!.html)).toEqual(keys);
      await smtp.waitFor((mail) => to(OWNER)(mail) && mail.subject.includes(customer.email));
      await settled(db(), customer.email);
      expect(mailsTo(customer.email)).toHaveLength(1);
      expect(smtp.received.filter((mail) => to(OWNER)(mail) && mail.subject.includes(customer.email))).toHaveLength(1);
    });

    it("a refund sends one revoke notice with the reason 'Refunded' (a repeat sends nothing)", async () => {
      const { customer, orderId, keys } = await demoPurchase(db(), 2);
      await smtp.waitFor(to(customer.email));
      for (let i = 0; i < 2; i++) await refundOrder(db(), { orderId, licenses: "all", refunded: "revokedKeys", actor: "test" });
      const [, notice] = await smtp.waitFor(to(customer.email), { count: 2 });
      expect(notice!.subject).toBe("Your license keys were revoked");
      expect(notice!.text).toContain(REFUND_REASON);
      expect(keysIn(notice!.text)).toEqual([]); // masked: a revoked key is not worth repeating
      expect(keys).toHaveLength(2);
      await settled(db(), customer.email);
      expect(mailsTo(customer.email)).toHaveLength(2);
    });

    it("a dispute sends the customer one notice with 'Payment disputed' and the owner the dispute notice, once", async () => {
      const { customer, sessionId } = await startStripePurchase(db(), fakeStripe(), { quantity: 1 });
      await send(fakeStripe(), db(), fakeStripe().completeCheckout(sessionId));
      await smtp.waitFor(to(customer.email));
      const dispute = fakeStripe().openDispute(sessionId);
      expect((await send(fakeStripe(), db(), dispute)).body.outcome).toBe("processed");
      await send(fakeStripe(), db(), dispute);
      const [, notice] = await smtp.waitFor(to(customer.email), { count: 2 });
      expect(notice!.subject).toMatch(/license key was revoked/);
      expect(notice!.text).toContain(DISPUTE_REASON);
      const isDisputeNotice = (mail: ReceivedMail) => to(OWNER)(mail) && mail.subject.startsWith("Dispute opened") && mail.subject.includes(customer.email);
      await smtp.waitFor(isDisputeNotice);
      await settled(db(), customer.email);
      await settled(db(), OWNER);
      expect(mailsTo(customer.email)).toHaveLength(2);
      expect(smtp.received.filter(isDisputeNotice)).toHaveLength(1);
    });

    it("an owner's revocation emails the reason with notifyCustomer, and nothing without it", async () => {
      const notified = await issueTestLicense(db());
      const silent = await issueTestLicense(db());
      await revokeLicense(db(), { licenseId: notified.license.id, reason: "Shared on a public forum", actor: "admin", notifyCustomer: true });
      await revokeLicense(db(), { licenseId: silent.license.id, reason: "Quietly", actor: "admin" });
      const [notice] = await smtp.waitFor(to(notified.customer.email));
      expect(notice!.text).toContain("Shared on a public forum");
      await settled(db(), silent.customer.email);
      expect(mailsTo(silent.customer.email)).toEqual([]);
      expect(await db().emailMessage.count({ where: { recipient: silent.customer.email } })).toBe(0);
    });

    it("a replacement sends the new key (and not the old one in full)", async () => {
      const { license, customer } = await issueTestLicense(db());
      const result = await replaceLicense(db(), { licenseId: license.id, actor: "admin" });
      if (result.outcome !== "replaced") throw new Error(`expected a replacement, got ${result.outcome}`);
      const [mail] = await smtp.waitFor(to(customer.email));
      expect(keysIn(mail!.text)).toEqual([result.replacement.key]);
      expect(keysIn(mail!.html)).toEqual([result.replacement.key]);
    });
  },
);

describe("the real server (server/main.ts) sends what it queues", () => {
  let database: TestDatabase | undefined;
  let server: StoreServer | undefined;
  beforeAll(async () => {
    database = await openTestDatabase("sqlite");
    server = await startStoreServer({
      databaseUrl: database.url,
      env: {
        SMTP_URL: smtp.url,
        EMAIL_POLL_MS: 100,
        STORE_NOTIFY_EMAIL: OWNER,
        STRIPE_SECRET_KEY: "sk_test_fake",
        STRIPE_WEBHOOK_SECRET: fakeStripe().webhookSecret,
        STRIPE_API_BASE: fakeStripe().baseUrl,
      },
    });
  });
  afterAll(async () => {
    await server?.stop();
    await database?.close();
  });
  const db = () => database!.db;

  it("a webhook POSTed to /api/webhooks/stripe leads to the receipt in the inbox, with the keys", async () => {
    const { customer, orderId, sessionId } = await startStripePurchase(db(), fakeStripe(), { quantity: 2 });
    const answer = await fakeStripe().deliver(fakeStripe().completeCheckout(sessionId), `${server!.url}/api/webhooks/stripe`);
    expect(answer.status).toBe(200);
    const [receipt] = await smtp.waitFor(to(customer.email));
    expect(keysIn(receipt!.text)).toEqual((await licensesOf(db(), orderId)).map((license) => license.key).sort());
    expect(receipt!.messageId).toMatch(/@cp-store>$/);
    await settled(db(), customer.email); // the row is marked a moment after SMTP accepted it
    expect(await db().emailMessage.findFirst({ where: { recipient: customer.email } })).toMatchObject({ status: "sent", attempts: 1 });
  });

  it("the API's revoke emails the customer only with notify_customer: true", async () => {
    const key = await createTestApiKey(db(), "write");
    const revoke = (licenseKey: string, json: Record<string, unknown>) =>
      fetch(`${server!.url}/api/v1/licenses/${licenseKey}/revoke`, {
        method: "POST",
        headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json" },
        body: JSON.stringify(json),
      });
    const notified = await issueTestLicense(db());
    const silent = await issueTestLicense(db());
    expect((await revoke(notified.license.key, { reason: "Chargeback", notify_customer: true })).status).toBe(200);
    expect((await revoke(silent.license.key, { reason: "Automation" })).status).toBe(200);
    const [notice] = await smtp.waitFor(to(notified.customer.email));
    expect(notice!.text).toContain("Chargeback");
    expect(await db().emailMessage.count({ where: { recipient: silent.customer.email } })).toBe(0);
    expect((await revoke(silent.license.key, { notify_customer: "yes" })).status).toBe(422);
  });
});

describe("npm run license:revoke", () => {
  let database: TestDatabase | undefined;
  beforeAll(async () => {
    database = await openTestDatabase("sqlite");
  });
  afterAll(() => database?.close());

  it("queues the customer's notice with --notify, and none without", async () => {
    const db = database!.db;
    const env = { DATABASE_URL: database!.url, STORE_MODE: "demo" };
    const notified = await issueTestLicense(db);
    const silent = await issueTestLicense(db);
    const loud = await runScript("license-revoke.ts", ["--key", notified.license.key, "--reason", "Shared publicly", "--notify"], { env });
    expect(loud.stdout).toContain("the customer is emailed the reason");
    expect(loud.code).toBe(0);
    expect((await runScript("license-revoke.ts", ["--key", silent.license.key, "--reason", "Quiet"], { env })).code).toBe(0);
    const queued = await db.emailMessage.findFirstOrThrow({ where: { recipient: notified.customer.email } });
    expect(queued).toMatchObject({ kind: "license_revoked", status: "pending" });
    expect(queued.text).toContain("Shared publicly");
    expect(await db.emailMessage.count({ where: { recipient: silent.customer.email } })).toBe(0);
  });
});
