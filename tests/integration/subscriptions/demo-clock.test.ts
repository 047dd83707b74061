// Demo subscriptions and Admin → Demo's "advance the clock", on SQLite and PostgreSQL: paying a
// yearly product in demo mode starts a subscription; advancing the clock moves every term date
// into the past together, renews the due demo subscriptions on the same key (a paid renewal order
// and its receipt), ends those cancelled at the period's end, and survives reminder terms that
// would collide half-way.
import { expect, it } from "vitest";
import type { Db } from "../../../lib/db";
import { verifyLicense } from "../../../lib/licenses/verify-license";
import { storedLicenseKey } from "../../../lib/licenses/key";
import { beginCheckout } from "../../../lib/payments/begin-checkout";
import { payDemoOrder } from "../../../lib/payments/demo-checkout";
import { DAY_MS } from "../../../lib/renewals/terms";
import { advanceDemoClock } from "../../../lib/subscriptions/advance-demo-clock";
import { cancelDemoSubscription, demoSubscriptionId } from "../../../lib/subscriptions/demo-subscription";
import { addOneYear } from "../../../lib/subscriptions/subscription-order";
import { createCustomer, issueTestLicense, uniqueDomain } from "../../helpers/factories";
import { describeEachDatabase } from "../../helpers/test-databases";
import { createYearlyProduct, emailsTo, keysOf, PRICE_CENTS, renewalOrdersOf, subscriptionOf } from "./helpers";
import { withDemoPayments } from "../../helpers/demo-payments";

withDemoPayments();

async function demoSubscriber(db: Db) {
  const customer = await createCustomer(db);
  const product = await createYearlyProduct(db);
  const { orderId } = await beginCheckout(db, { user: customer, productSlug: product.slug, quantity: 1 });
  const result = await payDemoOrder(db, { orderId, userId: customer.id });
  if (result.outcome !== "fulfilled") throw new Error(`demo payment: ${result.outcome}`);
  const [key] = await keysOf(db, orderId);
  if (!key?.expiresAt) throw new Error("no expiring key");
  return { customer, product, orderId, key: { ...key, expiresAt: key.expiresAt } };
}

async function verifyCode(db: Db, key: string) {
  const domain = uniqueDomain();
  const answer = await verifyLicense(db, { key: storedLicenseKey(key) }, { environment: { kind: "domain", value: domain }, rawValue: domain, clientIp: null, userAgent: null });
  return answer.code;
}

describeEachDatabase("demo subscriptions and the demo clock", (getDb) => {
  it("paying a yearly product in demo mode starts an active demo subscription renewing at the key's expiry, a year on", async () => {
    const db = getDb();
    const before = Date.now();
    const { orderId, key } = await demoSubscriber(db);
    expect(key.expiresAt.getTime()).toBeGreaterThanOrEqual(addOneYear(new Date(before)).getTime());
    expect(key.expiresAt.getTime()).toBeLessThanOrEqual(addOneYear(new Date()).getTime());
    expect(await subscriptionOf(db, demoSubscriptionId(orderId))).toMatchObject({
      provider: "demo",
      orderId,
      licenseId: key.id,
      status: "active",
      cancelAtPeriodEnd: false,
      currentPeriodEnd: key.expiresAt,
    });
  });

  it("advancing past the period's end renews the same key for a year: one paid demo renewal order and its receipt", async () => {
    const db = getDb();
    const { orderId, key, customer } = await demoSubscriber(db);
    const result = await advanceDemoClock(db, { days: 366, actor: "admin-test" });
    expect(result.renewed).toBeGreaterThanOrEqual(1);

    const shiftedEnd = new Date(key.expiresAt.getTime() - 366 * DAY_MS);
    const renewedUntil = addOneYear(shiftedEnd);
    const after = await db.license.findUniqueOrThrow({ where: { id: key.id } });
    expect(after).toMatchObject({ key: key.key, revokedAt: null, expiresAt: renewedUntil });
    expect(await verifyCode(db, key.key)).toBe("VALID");
    const renewals = await renewalOrdersOf(db, key.id);
    expect(renewals).toHaveLength(1);
    expect(renewals[0]).toMatchObject({ provider: "demo", status: "paid", amountCents: PRICE_CENTS, userId: customer.id });
    expect(renewals[0]?.items[0]).toMatchObject({ kind: "renewal", previousExpiresAt: shiftedEnd, newExpiresAt: renewedUntil });
    expect(await subscriptionOf(db, demoSubscriptionId(orderId))).toMatchObject({ status: "active", currentPeriodEnd: renewedUntil });
    const receipts = await emailsTo(db, customer.email, "receipt");
    expect(receipts).toHaveLength(2);
    expect(receipts[1]?.text).toContain("Renewed until");

    // Not yet due again: a short advance renews nothing more.
    await advanceDemoClock(db, { days: 30, actor: "admin-test" });
    expect(await renewalOrdersOf(db, key.id)).toHaveLength(1);
  });

  it("a demo subscription cancelled by its owner is not renewed: it ends, and the key lapses", async () => {
    const db = getDb();
    const { orderId, key, customer } = await demoSubscriber(db);
    const stranger = await createCustomer(db);
    await expect(cancelDemoSubscription(db, { licenseId: key.id, userId: stranger.id })).rejects.toMatchObject({ status: 404 });
    expect(await cancelDemoSubscription(db, { licenseId: key.id, userId: customer.id })).toEqual({ cancelled: true });
    expect(await cancelDemoSubscription(db, { licenseId: key.id, userId: customer.id })).toEqual({ cancelled: false });

    await advanceDemoClock(db, { days: 366, actor: "admin-test" });
    expect(await subscriptionOf(db, demoSubscriptionId(orderId))).toMatchObject({ status: "canceled", cancelAtPeriodEnd: true });
    expect(await renewalOrdersOf(db, key.id)).toHaveLength(0);
    expect(await verifyCode(db, key.key)).toBe("EXPIRED");
  });

  it("moves every term date by the same days, including reminder terms that would collide half-way, in one step", async () => {
    const db = getDb();
    const expiresAt = new Date(Date.now() + 500 * DAY_MS);
    const { license } = await issueTestLicense(db, { expiresAt });
    const days = 365;
    // Two terms of one key exactly `days` apart, same step: shifting one onto the other's place must not fail.
    const termEnds = [new Date(expiresAt.getTime() - days * DAY_MS), expiresAt];
    for (const termEnd of termEnds) await db.licenseReminder.create({ data: { licenseId: license.id, termEnd, offsetDays: -30 } });
    const before = await db.orderItem.count();

    await advanceDemoClock(db, { days, actor: "admin-test" });
    expect((await db.license.findUniqueOrThrow({ where: { id: license.id } })).expiresAt).toEqual(new Date(expiresAt.getTime() - days * DAY_MS));
    const reminders = await db.licenseReminder.findMany({ where: { licenseId: license.id }, orderBy: { termEnd: "asc" } });
    expect(reminders.map((r) => r.termEnd)).toEqual(termEnds.map((t) => new Date(t.getTime() - days * DAY_MS)));
    expect(await db.orderItem.count()).toBeGreaterThanOrEqual(before);
  });

  it("refuses 0 and more than 400 days, changing nothing", async () => {
    const db = getDb();
    const { license } = await issueTestLicense(db, { expiresAt: new Date(Date.now() + 50 * DAY_MS) });
    for (const days of [0, 401, 1.5]) {
      await expect(advanceDemoClock(db, { days, actor: "admin-test" })).rejects.toMatchObject({ status: 400, code: "INVALID_DAYS" });
    }
    expect((await db.license.findUniqueOrThrow({ where: { id: license.id } })).expiresAt).toEqual(license.expiresAt);
  });
});
