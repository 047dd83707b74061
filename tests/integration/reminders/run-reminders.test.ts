// Expiry reminders across a simulated clock, on SQLite and PostgreSQL: passes every 12 hours over a
// key's term queue the 30- and 7-day and the 1-day-after reminders once each, on their days; a
// renewed key gets its new term's and none of its old term's; a refund that rolls a renewal back
// resends nothing; revoked, replaced, lifetime, auto-renewing and not-yet-visible keys get none; the
// owner's changed schedule applies; an after-step more than 30 days late is never sent.
import { expect, it } from "vitest";
import type { Db, License } from "../../../lib/db";
import { replaceLicense } from "../../../lib/licenses/replace-license";
import { revokeLicense } from "../../../lib/licenses/revoke-license";
import { refundOrder } from "../../../lib/orders/refund-order";
import { payDemoOrder } from "../../../lib/payments/demo-checkout";
import { runDueReminders } from "../../../lib/reminders/run-reminders";
import { beginRenewalCheckout } from "../../../lib/renewals/begin-change-checkout";
import { DEFAULT_REMINDER_SCHEDULE, setReminderSchedule, setStoreRenewalDiscountPercent } from "../../../lib/renewals/settings";
import { DAY_MS } from "../../../lib/renewals/terms";
import { createCustomer, createProduct, issueTestLicense, unique } from "../../helpers/factories";
import { describeEachDatabase } from "../../helpers/test-databases";
import { soldKey, TERM_MS } from "../renewals/helpers";
import { withDemoPayments } from "../../helpers/demo-payments";

withDemoPayments();

/** `days` (fractions allowed) after `expiresAt`; negative: before it. */
const around = (expiresAt: Date, days: number) => new Date(expiresAt.getTime() + days * DAY_MS);

/** The key's reminders as [termEnd, step], in the order they were queued. */
async function remindersOf(db: Db, licenseId: string) {
  const rows = await db.licenseReminder.findMany({ where: { licenseId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
  return rows.map((row) => [row.termEnd.getTime(), row.offsetDays] as const);
}

/** The reminder messages queued for a key (each names the key's page). */
const messagesOf = (db: Db, license: License) =>
  db.emailMessage.findMany({ where: { userId: license.userId, kind: "renewal_reminder", text: { contains: `/account/licenses/${license.id}` } }, orderBy: { createdAt: "asc" } });

/**
 * Runs a pass every `stepDays` from `fromDay` to `toDay` (days around `expiresAt`) and returns, for
 * each pass that queued a reminder of `license`, the day and the step it queued.
 */
async function walk(db: Db, license: License, expiresAt: Date, fromDay: number, toDay: number, stepDays = 0.5) {
  const seen: [number, number][] = [];
  for (let day = fromDay; day <= toDay + 1e-9; day += stepDays) {
    const before = (await remindersOf(db, license.id)).length;
    await runDueReminders(db, around(expiresAt, day));
    const after = await remindersOf(db, license.id);
    for (const [, step] of after.slice(before)) seen.push([day, step]);
  }
  return seen;
}

describeEachDatabase("expiry reminders", (getDb) => {
  it("over a term: the 30-day, 7-day and 1-day-after reminders, each once on its day, with the masked key, sites and renewal price", async () => {
    const db = getDb();
    await setStoreRenewalDiscountPercent(db, 20);
    try {
      const sold = await soldKey(db, { expiresInDays: 40, maxActivations: 3 });
      await db.license.update({ where: { id: sold.license.id }, data: { activationsUsed: 2 } });
      const expiresAt = sold.license.expiresAt!;
      expect(await walk(db, sold.license, expiresAt, -40, 5)).toEqual([
        [-30, -30],
        [-7, -7],
        [1, 1],
      ]);
      // A second pass at the same moment, and later ones, queue nothing more.
      expect(await runDueReminders(db, around(expiresAt, 1))).toEqual({ queued: 0 });
      const messages = await messagesOf(db, sold.license);
      expect(messages.map((message) => message.subject)).toEqual([
        `Your ${sold.product.name} license expires in 30 days`,
        `Your ${sold.product.name} license expires in 7 days`,
        `Your ${sold.product.name} license has expired`,
      ]);
      for (const message of messages) {
        expect(message.recipient).toBe(sold.customer.email);
        expect(message.text).not.toContain(sold.license.key);
        expect(message.text).toContain(`CP-*****-*****-*****-*****-${sold.license.key.slice(-5)}`);
        expect(message.text).toContain("active on 2 sites");
        expect(message.text).toContain("$39.20 for 1 year (20% off)");
      }
      expect(messages[2]!.text).toContain("expired 1 day ago");
    } finally {
      await setStoreRenewalDiscountPercent(db, 0);
    }
  });

  it("a renewed key: its new term's reminders, none more of the old term's", async () => {
    const db = getDb();
    const sold = await soldKey(db, { expiresInDays: 40 });
    const oldEnd = sold.license.expiresAt!;
    expect(await walk(db, sold.license, oldEnd, -31, -6)).toEqual([
      [-30, -30],
      [-7, -7],
    ]);
    const { orderId } = await beginRenewalCheckout(db, { licenseId: sold.license.id, user: sold.buyer });
    expect(await payDemoOrder(db, { orderId, userId: sold.customer.id })).toMatchObject({ outcome: "fulfilled" });
    const newEnd = new Date(oldEnd.getTime() + TERM_MS);
    expect((await db.license.findUniqueOrThrow({ where: { id: sold.license.id } })).expiresAt).toEqual(newEnd);

    expect(await walk(db, sold.license, oldEnd, -6, 5)).toEqual([]); // the old term's 1-day-after is never due
    expect(await walk(db, sold.license, newEnd, -31, -29)).toEqual([[-30, -30]]);
    expect(await walk(db, sold.license, newEnd, -8, 2)).toEqual([
      [-7, -7],
      [1, 1],
    ]);
    expect(await remindersOf(db, sold.license.id)).toEqual([
      [oldEnd.getTime(), -30],
      [oldEnd.getTime(), -7],
      [newEnd.getTime(), -30],
      [newEnd.getTime(), -7],
      [newEnd.getTime(), 1],
    ]);
    expect(await messagesOf(db, sold.license)).toHaveLength(5);
  });

  it("a refund that rolls a renewal back: the old term's reminders already sent are not sent again; its next one is", async () => {
    const db = getDb();
    const sold = await soldKey(db, { expiresInDays: 40 });
    const oldEnd = sold.license.expiresAt!;
    expect(await walk(db, sold.license, oldEnd, -31, -6)).toEqual([
      [-30, -30],
      [-7, -7],
    ]);
    const { orderId } = await beginRenewalCheckout(db, { licenseId: sold.license.id, user: sold.buyer });
    await payDemoOrder(db, { orderId, userId: sold.customer.id });
    await refundOrder(db, { orderId, licenses: "all", refunded: { totalCents: 4900 }, actor: "test" });
    expect((await db.license.findUniqueOrThrow({ where: { id: sold.license.id } })).expiresAt).toEqual(oldEnd);
    expect(await walk(db, sold.license, oldEnd, -6, 3)).toEqual([[1, 1]]);
    expect(await messagesOf(db, sold.license)).toHaveLength(3);
  });

  it("none for revoked, replaced, lifetime, auto-renewing or not-yet-visible keys, or a product now sold for life; the rest get theirs", async () => {
    const db = getDb();
    const revoked = await soldKey(db, { expiresInDays: 40 });
    await revokeLicense(db, { licenseId: revoked.license.id, actor: "test" });
    const replaced = await soldKey(db, { expiresInDays: 40 });
    const replacement = await replaceLicense(db, { licenseId: replaced.license.id, actor: "test" });
    if (replacement.outcome !== "replaced") throw new Error("not replaced");
    const lifetime = await soldKey(db, { expiresInDays: null });
    const subscribed = await soldKey(db, { expiresInDays: 40 });
    await db.subscription.create({ data: { id: `demo_sub_${unique()}`, provider: "demo", orderId: subscribed.purchaseOrderId, licenseId: subscribed.license.id, status: "active" } });
    const cancelling = await soldKey(db, { expiresInDays: 40 });
    await db.subscription.create({
      data: { id: `demo_sub_${unique()}`, provider: "demo", orderId: cancelling.purchaseOrderId, licenseId: cancelling.license.id, status: "active", cancelAtPeriodEnd: true },
    });
    const ended = await soldKey(db, { expiresInDays: 40 });
    await db.subscription.create({ data: { id: `demo_sub_${unique()}`, provider: "demo", orderId: ended.purchaseOrderId, licenseId: ended.license.id, status: "canceled" } });
    const expiresAt = new Date(Date.now() + 40 * DAY_MS);
    // Issued by the owner (no order) to an address not yet confirmed: the customer cannot see it yet.
    const yearly = await createProduct(db, { validityDays: 365 });
    const unconfirmed = await issueTestLicense(db, { customer: await createCustomer(db, { verified: false }), product: yearly, expiresAt });
    const confirmed = await issueTestLicense(db, { customer: await createCustomer(db), product: yearly, expiresAt });
    const nowLifetime = await soldKey(db, { expiresInDays: 40 });
    await db.product.update({ where: { id: nowLifetime.product.id }, data: { validityDays: null } });

    for (const day of [-30, -7, 1]) await runDueReminders(db, around(expiresAt, day + 0.01));
    const count = async (license: License) => (await remindersOf(db, license.id)).length;
    expect(await count(revoked.license)).toBe(0);
    expect(await count(replaced.license)).toBe(0);
    expect(await count(lifetime.license)).toBe(0);
    expect(await count(subscribed.license)).toBe(0);
    expect(await count(unconfirmed.license)).toBe(0);
    expect(await count(nowLifetime.license)).toBe(0);
    expect(await count(replacement.replacement)).toBe(3); // the key in its place runs on, and is reminded
    expect(await count(cancelling.license)).toBe(3); // cancelled at the period's end: it will not renew itself
    expect(await count(ended.license)).toBe(3);
    expect(await count(confirmed.license)).toBe(3);
    expect(await messagesOf(db, revoked.license)).toHaveLength(0);
    expect(await messagesOf(db, replacement.replacement)).toHaveLength(3);
  });

  it("the owner's schedule applies as changed; an empty one sends nothing", async () => {
    const db = getDb();
    try {
      await setReminderSchedule(db, [3, -14]);
      const sold = await soldKey(db, { expiresInDays: 40 });
      expect(await walk(db, sold.license, sold.license.expiresAt!, -40, 5)).toEqual([
        [-14, -14],
        [3, 3],
      ]);
      await setReminderSchedule(db, []);
      const quiet = await soldKey(db, { expiresInDays: 40 });
      expect(await walk(db, quiet.license, quiet.license.expiresAt!, -40, 5, 1)).toEqual([]);
    } finally {
      await setReminderSchedule(db, [...DEFAULT_REMINDER_SCHEDULE]);
    }
  });

  it("after downtime: one message, not a burst; an after-step more than 30 days late is stale and never sent", async () => {
    const db = getDb();
    const sold = await soldKey(db, { expiresInDays: 40 });
    const expiresAt = sold.license.expiresAt!;
    // No pass from 35 days before expiry until 3 days before: only the 7-day reminder.
    expect(await walk(db, sold.license, expiresAt, -35, -35)).toEqual([]);
    expect(await walk(db, sold.license, expiresAt, -3, -3)).toEqual([[-3, -7]]);
    expect((await messagesOf(db, sold.license))[0]!.subject).toContain("expires in 3 days");
    // Then none until 32 days after: the 1-day-after step is 31 days late.
    expect(await walk(db, sold.license, expiresAt, 32, 40, 1)).toEqual([]);
    // 31 days after expiry (30 days late), it still goes.
    const late = await soldKey(db, { expiresInDays: 40 });
    expect(await walk(db, late.license, late.license.expiresAt!, 31, 31)).toEqual([[31, 1]]);
    expect((await messagesOf(db, late.license))[0]!.text).toContain("expired 31 days ago");
  });
});
