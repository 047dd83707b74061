// The renewal and upgrade rules (lib/renewals/terms.ts) as tables: the renewal window's edges,
// how an expiry moves (stacked, restarted, a subscription's period end), prices and limits.
import { describe, expect, it } from "vitest";
import {
  DAY_MS,
  RENEWAL_REFUSALS,
  RENEWAL_WINDOW_DAYS,
  renewalPriceCents,
  renewalState,
  renewedExpiry,
  subscriptionWillRenew,
  upgradedMaxActivations,
  upgradePriceCents,
  type RenewableLicense,
} from "../../lib/renewals/terms";

const now = new Date("2026-06-01T12:00:00.000Z");
const days = (n: number) => new Date(now.getTime() + n * DAY_MS);
const key = (fields: Partial<RenewableLicense> = {}): RenewableLicense => ({ expiresAt: days(30), revokedAt: null, replacedById: null, ...fields });

describe("renewalState", () => {
  it.each([
    ["expires in 30 days", key(), { renewable: true }],
    ["expires in exactly 60 days (the window opens)", key({ expiresAt: days(RENEWAL_WINDOW_DAYS) }), { renewable: true }],
    ["expires now", key({ expiresAt: now }), { renewable: true }],
    ["expired 400 days ago", key({ expiresAt: days(-400) }), { renewable: true }],
    ["a cancelled subscription (runs out)", key({ subscription: { status: "active", cancelAtPeriodEnd: true } }), { renewable: true }],
    ["an ended subscription", key({ subscription: { status: "canceled", cancelAtPeriodEnd: false } }), { renewable: true }],
  ])("%s: renewable", (_, license, expected) => {
    expect(renewalState(license, now)).toEqual(expected);
  });

  it("one millisecond before the window opens: too early, with the date it opens", () => {
    const expiresAt = new Date(days(RENEWAL_WINDOW_DAYS).getTime() + 1);
    expect(renewalState(key({ expiresAt }), now)).toEqual({ renewable: false, reason: "too_early", opensAt: new Date(now.getTime() + 1) });
    expect(renewalState(key({ expiresAt: days(61) }), now)).toMatchObject({ renewable: false, reason: "too_early", opensAt: days(1) });
  });

  it.each([
    ["lifetime", key({ expiresAt: null }), "lifetime"],
    ["revoked", key({ revokedAt: days(-1) }), "revoked"],
    ["replaced", key({ replacedById: "other" }), "replaced"],
    ["an active subscription", key({ subscription: { status: "active", cancelAtPeriodEnd: false } }), "subscription"],
    ["a past-due subscription", key({ subscription: { status: "past_due", cancelAtPeriodEnd: false } }), "subscription"],
    // Precedence: a replaced key (which replaceLicense also revokes) points to its replacement.
    ["replaced and revoked (as replaceLicense leaves it)", key({ revokedAt: days(-1), replacedById: "other" }), "replaced"],
    ["revoked and lifetime", key({ revokedAt: days(-1), expiresAt: null }), "revoked"],
    ["replaced and lifetime", key({ replacedById: "other", expiresAt: null }), "replaced"],
    ["lifetime with a subscription", key({ expiresAt: null, subscription: { status: "active", cancelAtPeriodEnd: false } }), "lifetime"],
  ])("%s: refused (%s)", (_, license, reason) => {
    expect(renewalState(license, now)).toMatchObject({ renewable: false, reason });
  });

  it("every refusal has words for the customer", () => {
    for (const message of Object.values(RENEWAL_REFUSALS)) expect(message.length).toBeGreaterThan(10);
  });
});

describe("subscriptionWillRenew", () => {
  it.each([
    [null, false],
    [undefined, false],
    [{ status: "active", cancelAtPeriodEnd: false }, true],
    [{ status: "trialing", cancelAtPeriodEnd: false }, true],
    [{ status: "incomplete", cancelAtPeriodEnd: false }, true],
    [{ status: "active", cancelAtPeriodEnd: true }, false],
    [{ status: "canceled", cancelAtPeriodEnd: false }, false],
    [{ status: "unpaid", cancelAtPeriodEnd: false }, false],
  ])("%j → %s", (subscription, expected) => {
    expect(subscriptionWillRenew(subscription)).toBe(expected);
  });
});

describe("renewedExpiry", () => {
  it.each([
    ["10 days before expiry: stacks on the expiry", days(10), days(375)],
    ["at the very moment it expires: from then", now, days(365)],
    ["30 days after expiry: from now", days(-30), days(365)],
    ["years after expiry: from now", days(-1000), days(365)],
  ])("%s", (_, current, expected) => {
    expect(renewedExpiry(current, now, { days: 365 })).toEqual(expected);
  });

  it("two renewals in a row add two terms", () => {
    expect(renewedExpiry(renewedExpiry(days(10), now, { days: 30 }), now, { days: 30 })).toEqual(days(70));
  });

  it.each([
    ["a period end after the expiry: to the period end", days(10), days(40), days(40)],
    ["a lapsed key: to the period end", days(-5), days(25), days(25)],
    ["a period end before the expiry never shortens the key", days(100), days(40), days(100)],
    ["the same date: unchanged", days(40), days(40), days(40)],
  ])("until %s", (_, current, until, expected) => {
    expect(renewedExpiry(current, now, { until })).toEqual(expected);
  });
});

describe("renewalPriceCents", () => {
  it.each([
    [4900, null, 0, 4900],
    [4900, null, 25, 3675],
    [4900, null, 100, 0],
    [4900, 0, 25, 4900], // the product's own 0 % beats the store's discount
    [4900, 25, 0, 3675],
    [4900, 100, 10, 0],
    [999, 33, 0, 669], // 669.33 → 669
    [999, 50, 0, 500], // 499.5 → 500 (half up)
    [1, 50, 0, 1],
    [0, null, 20, 0],
  ])("%i cents, product %s %, store %i % → %i", (priceCents, renewalDiscountPercent, storeDiscount, expected) => {
    const price = renewalPriceCents({ priceCents, renewalDiscountPercent }, storeDiscount);
    expect(price).toBe(expected);
    expect(Number.isInteger(price)).toBe(true);
  });
});

describe("upgradePriceCents", () => {
  it.each([
    [null, 4900, 9900, 5000],
    [null, 9900, 4900, 0], // never below 0
    [2500, 4900, 9900, 2500], // the path's own price
    [0, 4900, 9900, 0],
  ])("path %s, from %i to %i → %i", (pathPrice, from, to, expected) => {
    expect(upgradePriceCents({ priceCents: pathPrice }, { priceCents: from }, { priceCents: to })).toBe(expected);
  });
});

describe("upgradedMaxActivations", () => {
  it.each([
    [1, 0, 5, 5], // the new product's limit
    [10, 2, 5, 10], // never fewer than the key had (an owner's override)
    [3, 7, 5, 7], // never fewer than it uses (a limit lowered below its sites)
    [0, 4, 5, 0], // an unlimited key stays unlimited
    [3, 3, 0, 0], // an unlimited product makes it unlimited
    [5, 5, 5, 5],
  ])("key %i (uses %i), product %i → %i", (maxActivations, activationsUsed, productMax, expected) => {
    expect(upgradedMaxActivations({ maxActivations, activationsUsed }, productMax)).toBe(expected);
  });
});
