// What a customer is offered for one of their keys: its renewal (price and state) and its upgrade
// paths. The Account pages show these and the checkout charges exactly these.
import type { DbClient } from "../db";
import { renewalPriceCents, renewalState, upgradePriceCents, type RenewalState } from "./terms";
import { storeRenewalDiscountPercent } from "./settings";

/** What the offers are judged on: a key with its product and subscription. */
export const offerLicenseSelect = {
  id: true,
  userId: true,
  productId: true,
  productName: true,
  maxActivations: true,
  activationsUsed: true,
  expiresAt: true,
  revokedAt: true,
  replacedById: true,
  product: { select: { id: true, name: true, slug: true, priceCents: true, currency: true, validityDays: true, renewalDiscountPercent: true, active: true } },
  subscription: { select: { id: true, provider: true, status: true, cancelAtPeriodEnd: true, currentPeriodEnd: true, customerId: true } },
} as const;

export type OfferLicense = {
  id: string;
  expiresAt: Date | null;
  revokedAt: Date | null;
  replacedById: string | null;
  productId: string;
  product: { priceCents: number; currency: string; validityDays: number | null; renewalDiscountPercent: number | null };
  subscription: { status: string; cancelAtPeriodEnd: boolean } | null;
};

export type RenewalOffer = { state: RenewalState; priceCents: number; currency: string; termDays: number | null; discountPercent: number };

/** The key's renewal: whether it is open now, its price and the term it adds. */
export async function renewalOffer(db: DbClient, license: OfferLicense, now = new Date()): Promise<RenewalOffer> {
  const storeDiscount = await storeRenewalDiscountPercent(db);
  const termDays = license.product.validityDays;
  // A key with an expiry whose product now sells lifetime keys has no term to add.
  const state: RenewalState = termDays === null && license.expiresAt ? { renewable: false, reason: "lifetime" } : renewalState(license, now);
  return {
    state,
    priceCents: renewalPriceCents(license.product, storeDiscount),
    currency: license.product.currency,
    termDays,
    discountPercent: license.product.renewalDiscountPercent ?? storeDiscount,
  };
}

export type UpgradeOffer = { pathId: string; toProductId: string; toSlug: string; toName: string; toMaxActivations: number; priceCents: number; currency: string };

/** The upgrades open to an active key: the owner's paths from its product to products on sale in the same currency. */
export async function upgradeOffers(db: DbClient, license: OfferLicense, now = new Date()): Promise<UpgradeOffer[]> {
  if (license.revokedAt || license.replacedById) return [];
  if (license.expiresAt && license.expiresAt <= now) return [];
  const paths = await db.productUpgrade.findMany({
    where: { fromProductId: license.productId, toProduct: { active: true, currency: license.product.currency } },
    include: { toProduct: { select: { id: true, slug: true, name: true, priceCents: true, currency: true, maxActivations: true } } },
    orderBy: { toProduct: { priceCents: "asc" } },
  });
  return paths.map((path) => ({
    pathId: path.id,
    toProductId: path.toProduct.id,
    toSlug: path.toProduct.slug,
    toName: path.toProduct.name,
    toMaxActivations: path.toProduct.maxActivations,
    priceCents: upgradePriceCents(path, license.product, path.toProduct),
    currency: path.toProduct.currency,
  }));
}
