// The Admin → Products form, parsed from FormData: every field a string, checkboxes absent when off.
import { z } from "zod";
import { MAX_ORDER_AMOUNT_CENTS } from "../orders/limits";
import { PRODUCT_SLUG_MAX_LENGTH, PRODUCT_SLUG_PATTERN } from "./slug";

export const PRODUCT_CURRENCIES = ["usd", "eur", "gbp", "cad", "aud", "chf", "nzd", "sek", "nok", "dkk", "pln"] as const;
export const MAX_VALIDITY_DAYS = 36_500;
export const MAX_PRODUCT_ACTIVATIONS = 100_000;

const trimmed = z.string({ error: "Required" }).trim();

/**
 * "49", "49.5" or "49.00" → 4900 cents. At most 999,999.99: one key must fit in one payment
 * (MAX_ORDER_AMOUNT_CENTS, Stripe's largest charge), or the product could never be bought.
 */
const priceSchema = trimmed
  .regex(/^\d{1,7}(\.\d{1,2})?$/, "Enter a price like 49 or 49.00")
  .transform((value) => Math.round(Number(value) * 100))
  .refine((cents) => cents >= 50, "The price must be at least 0.50")
  .refine((cents) => cents <= MAX_ORDER_AMOUNT_CENTS, "The price can be at most 999,999.99, the most one payment can take");

export const productFormSchema = z.object({
  name: trimmed.min(1, "Enter a name").max(120, "At most 120 characters"),
  slug: trimmed
    .toLowerCase()
    .min(1, "Enter a slug")
    .max(PRODUCT_SLUG_MAX_LENGTH, `At most ${PRODUCT_SLUG_MAX_LENGTH} characters`)
    .regex(PRODUCT_SLUG_PATTERN, "Use lower-case letters, digits and single hyphens, e.g. pro-forms-plugin"),
  description: trimmed.max(2000, "At most 2,000 characters").default(""),
  price: priceSchema,
  currency: z.enum(PRODUCT_CURRENCIES, { error: "Choose a currency" }),
  maxActivations: z.coerce
    .number({ error: "Enter a number" })
    .int("Enter a whole number")
    .min(0, "Use 0 for unlimited, or a positive number")
    .max(MAX_PRODUCT_ACTIVATIONS, `At most ${MAX_PRODUCT_ACTIVATIONS.toLocaleString("en-US")}`),
  /** Empty = lifetime. */
  validityDays: trimmed
    .transform((value) => (value === "" ? null : Number(value)))
    .pipe(
      z
        .number({ error: "Enter a number of days, or leave it empty for lifetime" })
        .int("Enter a whole number of days")
        .min(1, "At least 1 day, or leave it empty for lifetime")
        .max(MAX_VALIDITY_DAYS, `At most ${MAX_VALIDITY_DAYS.toLocaleString("en-US")} days`)
        .nullable(),
    ),
  active: z
    .string()
    .optional()
    .transform((value) => value === "on" || value === "true"),
});

export type ProductInput = z.output<typeof productFormSchema>;

export const productUpdateFormSchema = productFormSchema.extend({
  productId: z.string().trim().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, "Invalid id"),
});
