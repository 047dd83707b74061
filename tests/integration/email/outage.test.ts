// The outbox when SMTP misbehaves, on both databases, with a real SMTP server that can be stopped
// (an outage) or refuse an address (a permanent failure). Time is driven through the sender's
// `now` (or by moving nextAttemptAt), so a 12-hour backoff takes milliseconds.
import type { Transporter } from "nodemailer";
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from "vitest";
import type { Db, EmailMessage } from "../../../lib/db";
import { claimDueMessages } from "../../../lib/email/claim";
import { queueEmail } from "../../../lib/email/outbox";
import { resendEmailMessage } from "../../../lib/email/resend-message";
import { REDACTED_BODY, RETRY_DELAYS_MS, startEmailSender, type EmailSender } from "../../../lib/email/sender";
import { createSmtpTransport } from "../../../lib/email/transport";
import { createOrder } from "../../../lib/orders/create-order";
import { fulfilOrder } from "../../../lib/orders/fulfil-order";
import { createCustomer, createProduct, unique } from "../../helpers/factories";
import { startTestSmtpServer, type ReceivedMail, type TestSmtpServer } from "../../helpers/smtp";
import { describeEachDatabase } from "../../helpers/test-databases";

let smtp: TestSmtpServer;
let smtpUp = false;
beforeAll(async () => {
  smtp = await startTestSmtpServer();
  smtpUp = true;
});
afterAll(() => smtp.close());

/** An outage. (The helper's start() on a running server would orphan it, so we track the state.) */
async function stopSmtp() {
  await smtp.stop();
  smtpUp = false;
}
async function startSmtp() {
  if (!smtpUp) await smtp.start();
  smtpUp = true;
}

/** A message of our own (a revoke notice with a unique product name, so a unique subject). */
async function queueTestMessage(db: Db, options: { sensitive?: boolean; expiresAt?: Date } = {}) {
  const to = `outage-${unique()}@example.org`;
  const productName = `Outage ${unique()}`;
  const id = await db.$transaction((tx) =>
    queueEmail(tx, {
      to,
      content: { kind: "license_revoked", reason: "Testing", licenses: [{ id: "x", productName, maskedKey: "CP-*****-*****-*****-*****-AAAAA" }] },
      ...options,
    }),
  );
  return { id, to, subject: `Your ${productName} license key was revoked` };
}

const row = (db: Db, id: string) => db.emailMessage.findUniqueOrThrow({ where: { id } });

/** Polls the row until `done` holds (the sender works on its own timer). */
async function until(db: Db, id: string, done: (message: EmailMessage) => boolean, timeoutMs = 15_000): Promise<EmailMessage> {
  const started = Date.now();
  for (;;) {
    const message = await row(db, id);
    if (done(message)) return message;
    if (Date.now() - started > timeoutMs) throw new Error(`message ${id} did not get there in ${timeoutMs} ms: ${JSON.stringify({ ...message, html: undefined, text: undefined })}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const to = (address: string) => (mail: ReceivedMail) => mail.to.includes(address);

describeEachDatabase("email outages and failures", (getDb) => {
  let transport: Transporter;
  let senders: EmailSender[] = [];
  /** Added to the real time for the senders' clock. */
  let offsetMs = 0;
  const clock = () => new Date(Date.now() + offsetMs);
  const start = (instanceId?: string, overrides: { transport?: Pick<Transporter, "sendMail"> } = {}) => {
    const sender = startEmailSender({ db: getDb(), transport: overrides.transport ?? transport, from: "store@example.org", pollMs: 25, now: clock, instanceId, log: () => {} });
    senders.push(sender);
    return sender;
  };

  beforeEach(async () => {
    offsetMs = 0;
    await startSmtp(); // a test may have left it stopped
    transport = createSmtpTransport(smtp.url);
    await getDb().emailMessage.deleteMany(); // each test owns the outbox
  });
  afterEach(async () => {
    await Promise.all(senders.map((sender) => sender.stop(500)));
    senders = [];
    transport.close();
    smtp.refuse.clear();
  });

  it("SMTP down: the purchase succeeds, the receipt waits with its error and a later attempt, and goes out once SMTP is back", async () => {
    await stopSmtp();
    const db = getDb();
    const customer = await createCustomer(db);
    const product = await createProduct(db);
    const order = await createOrder(db, { userId: customer.id, provider: "demo", items: [{ productSlug: product.slug, quantity: 1 }] });
    start();
    expect((await fulfilOrder(db, order.id, customer.id)).outcome).toBe("fulfilled");
    const receipt = await db.emailMessage.findFirstOrThrow({ where: { recipient: customer.email, kind: "receipt" } });
    const waiting = await until(db, receipt.id, (m) => m.attempts === 1 && m.status === "pending");
    expect(waiting.lastError).toMatch(/ECONNREFUSED|connect/i);
    expect(waiting.nextAttemptAt.getTime() - Date.now()).toBeGreaterThan(RETRY_DELAYS_MS[0] - 5_000);
    expect((await db.order.findUniqueOrThrow({ where: { id: order.id } })).status).toBe("paid");

    await startSmtp();
    offsetMs = RETRY_DELAYS_MS[0] + 1_000; // a minute later
    await smtp.waitFor(to(customer.email));
    expect(await until(db, receipt.id, (m) => m.status === "sent")).toMatchObject({ attempts: 2, lastError: null, claimedBy: null });
  });

  it("a 550 refusal fails the message at once; after the address is fixed, resendEmailMessage makes it go out", async () => {
    const db = getDb();
    const message = await queueTestMessage(db);
    smtp.refuse.add(message.to);
    start();
    const failed = await until(db, message.id, (m) => m.status === "failed");
    expect(failed).toMatchObject({ attempts: 1, claimedBy: null });
    expect(failed.lastError).toMatch(/^550/);

    smtp.refuse.delete(message.to);
    expect(await resendEmailMessage(db, { messageId: message.id, actor: "admin-1" })).toEqual({ outcome: "resent" });
    expect(await resendEmailMessage(db, { messageId: message.id, actor: "admin-1" })).toMatchObject({ outcome: "not_failed" });
    await smtp.waitFor(to(message.to));
    expect(await until(db, message.id, (m) => m.status === "sent")).toMatchObject({ attempts: 1 });
    expect(await db.auditEvent.count({ where: { action: "email.resent", subject: `email:${message.id}`, actor: "admin-1" } })).toBe(1);
    expect(smtp.received.filter(to(message.to))).toHaveLength(1);
  });

  it("backs off 1 min, 5 min, 30 min, 2 h, 12 h, then gives up: failed after six attempts", async () => {
    await stopSmtp();
    const db = getDb();
    const message = await queueTestMessage(db);
    start();
    for (const [attempt, delay] of RETRY_DELAYS_MS.entries()) {
      const waiting = await until(db, message.id, (m) => m.attempts === attempt + 1 && m.status === "pending");
      const failedAt = waiting.updatedAt.getTime();
      expect(waiting.nextAttemptAt.getTime() - failedAt).toBeGreaterThanOrEqual(delay - 1_000);
      expect(waiting.nextAttemptAt.getTime() - failedAt).toBeLessThanOrEqual(delay + 1_000);
      await db.emailMessage.update({ where: { id: message.id }, data: { nextAttemptAt: new Date(Date.now() - 1) } }); // time passes
    }
    const failed = await until(db, message.id, (m) => m.status === "failed");
    expect(failed.attempts).toBe(RETRY_DELAYS_MS.length + 1);
    expect(failed.lastError).toMatch(/ECONNREFUSED|connect/i);
  });

  it("an expired message is failed without being sent", async () => {
    const db = getDb();
    const message = await queueTestMessage(db, { expiresAt: new Date(Date.now() - 1_000) });
    start();
    const failed = await until(db, message.id, (m) => m.status === "failed");
    expect(failed.lastError).toMatch(/^Expired/);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(smtp.received.filter(to(message.to))).toEqual([]);
  });

  it("a sensitive body is sent whole, then cleared; one that fails is cleared too, and cannot be resent", async () => {
    const db = getDb();
    const sent = await queueTestMessage(db, { sensitive: true });
    const refused = await queueTestMessage(db, { sensitive: true });
    smtp.refuse.add(refused.to);
    start();
    const [mail] = await smtp.waitFor(to(sent.to));
    expect(mail!.text).toContain("Testing");
    expect(await until(db, sent.id, (m) => m.status === "sent")).toMatchObject(REDACTED_BODY);
    expect(await until(db, refused.id, (m) => m.status === "failed")).toMatchObject(REDACTED_BODY);
    expect(await resendEmailMessage(db, { messageId: refused.id, actor: "admin" })).toEqual({ outcome: "body_cleared" });
    expect((await row(db, refused.id)).status).toBe("failed");
  });

  it("a graceful stop releases what a hung send still holds: due again at once, its attempt uncounted", async () => {
    const db = getDb();
    const message = await queueTestMessage(db);
    let sendStarted!: () => void;
    const started = new Promise<void>((resolve) => (sendStarted = resolve));
    const hung = { sendMail: () => (sendStarted(), new Promise<never>(() => {})) } as unknown as Pick<Transporter, "sendMail">;
    const sender = start("hung-instance", { transport: hung });
    await started;
    expect(await row(db, message.id)).toMatchObject({ status: "sending", claimedBy: "hung-instance", attempts: 1 });
    await sender.stop(100);
    expect(await row(db, message.id)).toMatchObject({ status: "pending", claimedBy: null, claimExpiresAt: null, attempts: 0 });
    start("healthy-instance");
    await smtp.waitFor(to(message.to));
    expect(await until(db, message.id, (m) => m.status === "sent")).toMatchObject({ attempts: 1 });
  });

  it("a crashed sender's claims expire and another sender sends them (the resend-once case: had SMTP accepted before the crash, this is a second copy)", async () => {
    const db = getDb();
    const message = await queueTestMessage(db);
    const now = new Date();
    const claimed = await claimDueMessages(db, { instanceId: "crashed-instance", now, leaseUntil: new Date(now.getTime() + 2 * 60_000), limit: 10 });
    expect(claimed.map((m) => m.id)).toEqual([message.id]);
    start("survivor"); // before the lease runs out it leaves the claim alone
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await row(db, message.id)).toMatchObject({ status: "sending", claimedBy: "crashed-instance" });
    offsetMs = 2 * 60_000 + 1_000; // the lease has run out
    const [mail] = await smtp.waitFor(to(message.to));
    expect(mail!.messageId).toBe(`<${message.id}@cp-store>`); // the same Message-ID as the first copy would have had
    expect(await until(db, message.id, (m) => m.status === "sent")).toMatchObject({ attempts: 2, claimedBy: null });
  });
});
