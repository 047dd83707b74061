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
  return renewalOfferFor(license, await storeRenewalDiscountPercent(db), now);
}

/** renewalOffer without the database: the store's discount already read (a page of keys reads it once). */
export function renewalOfferFor(license: OfferLicense, storeDiscount: number, now = new Date()): RenewalOffer {
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

const upgradePathInclude = {
  toProduct: { select: { id: true, slug: true, name: true, priceCents: true, currency: true, maxActivations: true, active: true } },
} as const;

type UpgradePathRow = {
  id: string;
  fromProductId: string;
  priceCents: number | null;
  toProduct: { id: string; slug: string; name: string; priceCents: number; currency: string; maxActivations: number; active: boolean };
};

/** The upgrades open to an active key: the owner's paths from its product to products on sale in the same currency. */
export async function upgradeOffers(db: DbClient, license: OfferLicense, now = new Date()): Promise<UpgradeOffer[]> {
  if (!upgradable(license, now)) return [];
  const paths = await db.productUpgrade.findMany({
    where: { fromProductId: license.productId, toProduct: { active: true, currency: license.product.currency } },
    include: upgradePathInclude,
    orderBy: { toProduct: { priceCents: "asc" } },
  });
  return upgradeOffersFor(license, paths, now);
}

const upgradable = (license: OfferLicense, now: Date) =>
  !license.revokedAt && !license.replacedById && !(license.expiresAt && license.expiresAt <= now);

/** upgradeOffers without the database: `paths` are the product's paths already read, cheapest target first. */
export function upgradeOffersFor(license: OfferLicense, paths: readonly UpgradePathRow[], now = new Date()): UpgradeOffer[] {
  if (!upgradable(license, now)) return [];
  return paths
    .filter((path) => path.fromProductId === license.productId && path.toProduct.active && path.toProduct.currency === license.product.currency)
    .map((path) => ({
      pathId: path.id,
      toProductId: path.toProduct.id,
      toSlug: path.toProduct.slug,
      toName: path.toProduct.name,
      toMaxActivations: path.toProduct.maxActivations,
      priceCents: upgradePriceCents(path, license.product, path.toProduct),
      currency: path.toProduct.currency,
    }));
}

export type LicenseOffers = { renewal: RenewalOffer; upgrades: UpgradeOffer[] };

/**
 * The offers of a page of keys in two queries whatever the page's size: the store's discount, and
 * the paths of the products on the page. The same rules as renewalOffer and upgradeOffers (each is
 * built by the same function), so the page never shows what checkout would refuse.
 */
export async function offersForLicenses(db: DbClient, licenses: readonly OfferLicense[], now = new Date()): Promise<Map<string, LicenseOffers>> {
  const offers = new Map<string, LicenseOffers>();
  if (licenses.length === 0) return offers;
  const upgradeFrom = [...new Set(licenses.filter((license) => upgradable(license, now)).map((license) => license.productId))];
  const [storeDiscount, paths] = await Promise.all([
    storeRenewalDiscountPercent(db),
    upgradeFrom.length === 0
      ? Promise.resolve([])
      : db.productUpgrade.findMany({
          where: { fromProductId: { in: upgradeFrom }, toProduct: { active: true } },
          include: upgradePathInclude,
          orderBy: { toProduct: { priceCents: "asc" } },
        }),
  ]);
  for (const license of licenses) {
    offers.set(license.id, { renewal: renewalOfferFor(license, storeDiscount, now), upgrades: upgradeOffersFor(license, paths, now) });
  }
  return offers;
}
