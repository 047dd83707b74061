import type { DbClient, Order, OrderItem } from "../db";
import { ApiError } from "../http/api-error";
import { formatPrice } from "../products/format";
import { MAX_ORDER_AMOUNT_CENTS, maxQuantityForPrice } from "./limits";
import type { PaymentProvider } from "./schemas";

export type CreateOrderInput = {
  userId: string;
  provider: PaymentProvider;
  /** One line per product; quantities are already validated (1–100) by the caller's schema. */
  items: { productSlug: string; quantity: number }[];
};

export type OrderWithItems = Order & { items: OrderItem[] };

/**
 * Creates a pending order priced from our database, never from the client: each line keeps a
 * snapshot of the product's name and unit price, and the total is their sum. Inactive or unknown
 * products, lines in different currencies, more than one key of a yearly product (a subscription
 * renews one key), and a total above MAX_ORDER_AMOUNT_CENTS (the most one payment can take) are
 * refused with a 400 before anything is written.
 */
export async function createOrder(db: DbClient, input: CreateOrderInput): Promise<OrderWithItems> {
  if (input.items.length === 0) throw new ApiError(400, "EMPTY_ORDER", "An order needs at least one product");
  const slugs = input.items.map((item) => item.productSlug);
  const products = await db.product.findMany({ where: { slug: { in: slugs }, active: true } });
  const lines = input.items.map((item) => {
    const product = products.find((p) => p.slug === item.productSlug);
    if (!product) throw new ApiError(404, "PRODUCT_NOT_FOUND", "This product is not for sale");
    return { product, quantity: item.quantity };
  });
  // A yearly product is a subscription renewing one key: one key per order, bought on its own.
  if (lines.some((line) => line.product.billing === "yearly") && (lines.length > 1 || lines.some((line) => line.quantity > 1))) {
    throw new ApiError(400, "SUBSCRIPTION_QUANTITY", "A yearly subscription is for one key: buy one at a time (each key is its own subscription)");
  }
  const currency = lines[0]?.product.currency ?? "usd";
  if (lines.some((line) => line.product.currency !== currency)) {
    throw new ApiError(400, "MIXED_CURRENCIES", "Products in one order must share a currency");
  }
  // Exact in JavaScript (32-bit prices × at most 100 units), so this sees the true total before
  // PostgreSQL's integer column would overflow.
  const amountCents = lines.reduce((sum, line) => sum + line.product.priceCents * line.quantity, 0);
  if (amountCents > MAX_ORDER_AMOUNT_CENTS) throw orderTooLarge(amountCents, currency, lines);
  return db.order.create({
    data: {
      userId: input.userId,
      provider: input.provider,
      status: "pending",
      amountCents,
      currency,
      items: {
        create: lines.map((line) => ({
          productId: line.product.id,
          productName: line.product.name,
          unitPriceCents: line.product.priceCents,
          quantity: line.quantity,
        })),
      },
    },
    include: { items: true },
  });
}

/** The buy form shows this message: what the limit is, and how many keys would fit. */
function orderTooLarge(amountCents: number, currency: string, lines: { product: { priceCents: number } }[]): ApiError {
  const limit = `An order can total at most ${formatPrice(MAX_ORDER_AMOUNT_CENTS, currency)}, the most one payment can take`;
  let advice = "";
  if (lines.length === 1 && lines[0]) {
    const fit = maxQuantityForPrice(lines[0].product.priceCents);
    advice =
      fit === 0
        ? " This product's price is above that, so it cannot be bought."
        : ` Buy at most ${fit} ${fit === 1 ? "key" : "keys"} of this product at a time.`;
  }
  return new ApiError(400, "ORDER_TOO_LARGE", `${limit}; this one comes to ${formatPrice(amountCents, currency)}.${advice}`);
}
