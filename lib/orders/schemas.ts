import { z } from "zod";
import { queryParam } from "../http/query-param";
import { PRODUCT_SLUG_MAX_LENGTH, PRODUCT_SLUG_PATTERN } from "../products/slug";
import { formFields } from "../http/validated-action";

/** Every state an order can be in. Stored as a string (the schema stays portable), checked here. */
export const ORDER_STATUSES = [
  "pending",
  "paid",
  "failed",
  "cancelled",
  "refunded",
  "partially_refunded",
  "disputed",
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];
export const orderStatusSchema = z.enum(ORDER_STATUSES);

export const PAYMENT_PROVIDERS = ["stripe", "demo"] as const;
export type PaymentProvider = (typeof PAYMENT_PROVIDERS)[number];

export const MAX_QUANTITY = 100;

/** One key per unit: at least one, at most 100 in a single purchase. */
export const quantitySchema = z.coerce
  .number({ error: "Quantity must be a number" })
  .int("Quantity must be a whole number")
  .min(1, "Quantity must be at least 1")
  .max(MAX_QUANTITY, `Quantity must be at most ${MAX_QUANTITY}`);

/** Ids are cuids: short, URL-safe strings. Anything else is refused before a database lookup. */
export const idSchema = z.string().trim().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, "Invalid id");

/** The buy form on a product page. */
export const checkoutRequestSchema = z.object({
  productSlug: z.string().trim().min(1).max(200),
  quantity: quantitySchema,
});
export type CheckoutRequest = z.infer<typeof checkoutRequestSchema>;

const productSlugSchema = z.string().max(PRODUCT_SLUG_MAX_LENGTH).regex(PRODUCT_SLUG_PATTERN);

/**
 * Where a signed-out buyer returns after signing in: the product page of the form's slug, with
 * its quantity, when they are well-formed; the catalogue otherwise. Built before the user is
 * checked, so it reads nothing but these two fields and only ever yields a same-site path.
 */
export function checkoutReturnPath(formData: FormData): string {
  const fields = formFields(formData);
  const slug = productSlugSchema.safeParse(fields.productSlug);
  if (!slug.success) return "/";
  const quantity = quantitySchema.safeParse(fields.quantity);
  return `/products/${slug.data}${quantity.success ? `?quantity=${quantity.data}` : ""}`;
}

/** Admin → Orders → refund: the whole order, or the chosen keys of it. */
export const refundRequestSchema = z.discriminatedUnion("scope", [
  z.object({ scope: z.literal("order"), orderId: idSchema }),
  z.object({
    scope: z.literal("licenses"),
    orderId: idSchema,
    licenseIds: z.array(idSchema).min(1, "Choose at least one key to refund").max(MAX_QUANTITY),
  }),
]);
export type RefundRequest = z.infer<typeof refundRequestSchema>;

/** Reads a status from the database; an unknown string is a bug worth failing loudly on. */
export function parseOrderStatus(value: string): OrderStatus {
  return orderStatusSchema.parse(value);
}

/** A form that acts on one order (Admin → Orders, the demo checkout). */
export const orderActionSchema = z.object({ orderId: idSchema });

/** Where a signed-out buyer of the demo checkout returns: that checkout when its id is well-formed. */
export function demoCheckoutPath(formData: FormData): string {
  const order = orderActionSchema.safeParse(formFields(formData));
  return order.success ? `/checkout/demo/${order.data.orderId}` : "/account/orders";
}

/** Admin → Orders list: `?cursor=<last order id>&review=1`. */
export const adminOrdersQuerySchema = z.object({
  cursor: queryParam(idSchema),
  review: queryParam(z.string()).transform((value) => value === "1"),
});
