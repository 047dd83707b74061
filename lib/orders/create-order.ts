import type { DbClient, Order, OrderItem } from "../db";
import { ApiError } from "../http/api-error";
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
 * products, and lines in different currencies, are refused before anything is written.
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
  const currency = lines[0]?.product.currency ?? "usd";
  if (lines.some((line) => line.product.currency !== currency)) {
    throw new ApiError(400, "MIXED_CURRENCIES", "Products in one order must share a currency");
  }
  const amountCents = lines.reduce((sum, line) => sum + line.product.priceCents * line.quantity, 0);
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
