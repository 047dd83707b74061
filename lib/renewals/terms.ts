// The rules of renewing and upgrading a key (DESIGN.md, "Renewals and upgrades"), as pure
// functions: the checkout, the pages and fulfilment all ask these, so they never disagree.

export const DAY_MS = 24 * 60 * 60 * 1000;
/** A key can be renewed from this many days before it expires, and any time after. */
export const RENEWAL_WINDOW_DAYS = 60;

export type RenewableLicense = {
  expiresAt: Date | null;
  revokedAt: Date | null;
  replacedById: string | null;
  /** Its subscription, when a yearly product's key has one. */
  subscription?: { status: string; cancelAtPeriodEnd: boolean } | null;
};

export type RenewalState =
  | { renewable: true }
  | { renewable: false; reason: "lifetime" | "revoked" | "replaced" | "subscription" | "too_early"; opensAt?: Date };

/** A subscription that is still going to charge the customer: its key renews by itself. */
export function subscriptionWillRenew(subscription: RenewableLicense["subscription"]): boolean {
  if (!subscription) return false;
  return !subscription.cancelAtPeriodEnd && ["active", "trialing", "past_due", "incomplete"].includes(subscription.status);
}

/** Whether a key may be renewed now, and why not. */
export function renewalState(license: RenewableLicense, now: Date = new Date()): RenewalState {
  // Replaced first: a replacement revokes the old key too, and "renew its replacement" is the useful answer.
  if (license.replacedById) return { renewable: false, reason: "replaced" };
  if (license.revokedAt) return { renewable: false, reason: "revoked" };
  if (!license.expiresAt) return { renewable: false, reason: "lifetime" };
  if (subscriptionWillRenew(license.subscription)) return { renewable: false, reason: "subscription" };
  const opensAt = new Date(license.expiresAt.getTime() - RENEWAL_WINDOW_DAYS * DAY_MS);
  if (now < opensAt) return { renewable: false, reason: "too_early", opensAt };
  return { renewable: true };
}

export const RENEWAL_REFUSALS: Record<Exclude<RenewalState, { renewable: true }>["reason"], string> = {
  lifetime: "This key never expires: there is nothing to renew",
  revoked: "A revoked key cannot be renewed",
  replaced: "This key was replaced: renew its replacement",
  subscription: "This key renews by itself with its subscription",
  too_early: `A key can be renewed from ${RENEWAL_WINDOW_DAYS} days before it expires`,
};

/**
 * The expiry after one renewal: a term added to the current expiry, or to now when it has passed
 * (a lapsed key restarts from today, an early renewal stacks). A subscription renews to the end of
 * the period it paid for instead, and never shortens the key.
 */
export function renewedExpiry(current: Date, now: Date, term: { days: number } | { until: Date }): Date {
  if ("until" in term) return term.until > current ? term.until : current;
  const base = current > now ? current : now;
  return new Date(base.getTime() + term.days * DAY_MS);
}

/** The renewal price: the product's price less its discount (the product's own, else the store's), in whole cents. */
export function renewalPriceCents(product: { priceCents: number; renewalDiscountPercent: number | null }, storeDiscountPercent: number): number {
  const percent = product.renewalDiscountPercent ?? storeDiscountPercent;
  return Math.round((product.priceCents * (100 - percent)) / 100);
}

/** An upgrade's price: the path's fixed price, else what B costs more than A (never below 0). */
export function upgradePriceCents(path: { priceCents: number | null }, from: { priceCents: number }, to: { priceCents: number }): number {
  return path.priceCents ?? Math.max(0, to.priceCents - from.priceCents);
}

/**
 * The limit after an upgrade to a product with `productMax` sites: the new product's, but never
 * fewer than the key already has or has in use (0 = unlimited wins).
 */
export function upgradedMaxActivations(license: { maxActivations: number; activationsUsed: number }, productMax: number): number {
  if (productMax === 0 || license.maxActivations === 0) return 0;
  return Math.max(productMax, license.maxActivations, license.activationsUsed);
}
