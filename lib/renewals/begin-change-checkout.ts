// Renew or upgrade one of the customer's own keys: a pending order with one line that names the
// key, priced from the database, paid like any purchase (demo checkout or Stripe Checkout).
// Fulfilment changes the key (apply-change.ts); nothing changes before the payment.
import type { Db } from "../db";
import { getEnv } from "../env";
import { ApiError } from "../http/api-error";
import type { OrderWithItems } from "../orders/create-order";
import { fulfilOrder } from "../orders/fulfil-order";
import { visibleToCustomer } from "../licenses/queries";
import { MAX_ORDER_AMOUNT_CENTS } from "../orders/limits";
import { CHECKOUT_UNAVAILABLE_MESSAGE, paymentRedirect } from "../payments/begin-checkout";
import { offerLicenseSelect, renewalOffer, upgradeOffers } from "./offers";
import { RENEWAL_REFUSALS } from "./terms";

type Buyer = { id: string; email: string };

/** The buyer's own key, or a 404 that says nothing about anyone else's. */
async function ownKey(db: Db, licenseId: string, buyer: Buyer) {
  // The same visibility as the Licenses pages: a key the owner issued stays hidden (and unrenewable)
  // from an account until it confirms its address.
  const license = await db.license.findFirst({ where: { id: licenseId, ...visibleToCustomer(buyer.id) }, select: offerLicenseSelect });
  if (!license) throw new ApiError(404, "NOT_FOUND", "License not found");
  return license;
}

function paymentMode() {
  const mode = getEnv().payments;
  if (mode === "unavailable") throw new ApiError(503, "CHECKOUT_UNAVAILABLE", CHECKOUT_UNAVAILABLE_MESSAGE);
  return mode;
}

/** Renew: one term of the key's product at the renewal price. */
export async function beginRenewalCheckout(db: Db, input: { licenseId: string; user: Buyer }): Promise<{ orderId: string; redirectUrl: string }> {
  const provider = paymentMode();
  const license = await ownKey(db, input.licenseId, input.user);
  const offer = await renewalOffer(db, license);
  if (!offer.state.renewable) throw new ApiError(409, "NOT_RENEWABLE", RENEWAL_REFUSALS[offer.state.reason]);
  const order = await createChangeOrder(db, {
    userId: input.user.id,
    provider,
    kind: "renewal",
    licenseId: license.id,
    productId: license.productId,
    productName: license.product.name,
    priceCents: offer.priceCents,
    currency: offer.currency,
  });
  return { orderId: order.id, redirectUrl: await payOrRedirect(db, order, input.user) };
}

/** Upgrade: the key moves to the path's product for the path's price. */
export async function beginUpgradeCheckout(
  db: Db,
  input: { licenseId: string; toProductSlug: string; user: Buyer },
): Promise<{ orderId: string; redirectUrl: string }> {
  const provider = paymentMode();
  const license = await ownKey(db, input.licenseId, input.user);
  const offer = (await upgradeOffers(db, license)).find((candidate) => candidate.toSlug === input.toProductSlug);
  if (!offer) throw new ApiError(409, "NO_UPGRADE", "This key has no such upgrade (it must be active, and the store must offer the path)");
  const order = await createChangeOrder(db, {
    userId: input.user.id,
    provider,
    kind: "upgrade",
    licenseId: license.id,
    fromProductId: license.productId,
    productId: offer.toProductId,
    productName: offer.toName,
    priceCents: offer.priceCents,
    currency: offer.currency,
  });
  return { orderId: order.id, redirectUrl: await payOrRedirect(db, order, input.user) };
}

/** Nothing to pay (a 100 % discount, a free path): fulfilled at once, no payment page. */
async function payOrRedirect(db: Db, order: OrderWithItems, buyer: Buyer): Promise<string> {
  if (order.amountCents > 0) return paymentRedirect(db, order, buyer.email);
  await fulfilOrder(db, order.id, buyer.id);
  return `/account/orders/${order.id}`;
}

function createChangeOrder(
  db: Db,
  input: {
    userId: string;
    provider: "demo" | "stripe";
    kind: "renewal" | "upgrade";
    licenseId: string;
    /** An upgrade's starting product: fulfilment moves the key only while it is still on it. */
    fromProductId?: string;
    productId: string;
    productName: string;
    priceCents: number;
    currency: string;
  },
): Promise<OrderWithItems> {
  if (input.priceCents > MAX_ORDER_AMOUNT_CENTS) throw new ApiError(400, "ORDER_TOO_LARGE", "This price is above what one payment can take");
  return db.order.create({
    data: {
      userId: input.userId,
      provider: input.provider,
      status: "pending",
      amountCents: input.priceCents,
      currency: input.currency,
      items: {
        create: [
          {
            kind: input.kind,
            targetLicenseId: input.licenseId,
            previousProductId: input.fromProductId ?? null,
            productId: input.productId,
            productName: input.productName,
            unitPriceCents: input.priceCents,
            quantity: 1,
          },
        ],
      },
    },
    include: { items: true },
  });
}
