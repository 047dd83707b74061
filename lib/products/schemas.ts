// The Admin → Products form, parsed from FormData: every field a string, checkboxes absent when off,
// images as File (an empty one when no file was chosen). Also imported by the form itself (client
// side), for the choices and the image size limits it checks before sending.
import { z } from "zod";
import { MAX_ORDER_AMOUNT_CENTS } from "../orders/limits";
import { PRODUCT_SLUG_MAX_LENGTH, PRODUCT_SLUG_PATTERN } from "./slug";

export const PRODUCT_CURRENCIES = ["usd", "eur", "gbp", "cad", "aud", "chf", "nzd", "sek", "nok", "dkk", "pln"] as const;
export const MAX_VALIDITY_DAYS = 36_500;
export const MAX_PRODUCT_ACTIVATIONS = 100_000;
/** plugin and theme zips are checked like WordPress's installer; other = any file (desktop apps). */
export const PRODUCT_KINDS = ["plugin", "theme", "other"] as const;
export type ProductKind = (typeof PRODUCT_KINDS)[number];
/** one_time: each key is bought once (renewed by hand); yearly: a Stripe subscription renews it. */
export const PRODUCT_BILLING = ["one_time", "yearly"] as const;
export type ProductBilling = (typeof PRODUCT_BILLING)[number];
/** A yearly subscription charges every year, so its keys must run exactly a year. */
export const YEARLY_VALIDITY_DAYS = 365;
/** Markdown shown in WordPress's "View details" dialog. */
export const MAX_PRODUCT_MARKDOWN = 10_000;

export type ProductImageKind = "icon" | "banner";
/**
 * Both images travel in one server action body (Next.js's 1 MB) with the form's text. WordPress
 * shows icons at 128/256 px and banners at 772×250 or 1544×500, which compress far below these.
 */
export const PRODUCT_IMAGE_MAX_BYTES: Record<ProductImageKind, number> = { icon: 256 * 1024, banner: 640 * 1024 };

/** "256 KB" */
export const formatKilobytes = (bytes: number): string => `${Math.ceil(bytes / 1024).toLocaleString("en-US")} KB`;

const trimmed = z.string({ error: "Required" }).trim();

/** Optional text: empty (or absent) is null. */
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `At most ${max.toLocaleString("en-US")} characters`)
    .optional()
    .transform((value) => value || null);

const markdown = trimmed.max(MAX_PRODUCT_MARKDOWN, `At most ${MAX_PRODUCT_MARKDOWN.toLocaleString("en-US")} characters`).default("");

const checkbox = z
  .string()
  .optional()
  .transform((value) => value === "on" || value === "true");

/**
 * A chosen image, or null when none was (a browser sends an empty file for an empty input; a
 * crafted request may send text). Its size is checked here; what it is, from its bytes, in
 * lib/products/media.ts.
 */
const imageField = (kind: ProductImageKind) =>
  z
    .unknown()
    .optional()
    .transform((value) => (typeof Blob !== "undefined" && value instanceof Blob && value.size > 0 ? value : null))
    .refine(
      (file) => !file || file.size <= PRODUCT_IMAGE_MAX_BYTES[kind],
      `The ${kind} must be at most ${formatKilobytes(PRODUCT_IMAGE_MAX_BYTES[kind])}: choose a smaller file`,
    );

/**
 * "49", "49.5" or "49.00" → 4900 cents. At most 999,999.99: one key must fit in one payment
 * (MAX_ORDER_AMOUNT_CENTS, Stripe's largest charge), or the product could never be bought.
 */
const priceSchema = trimmed
  .regex(/^\d{1,7}(\.\d{1,2})?$/, "Enter a price like 49 or 49.00")
  .transform((value) => Math.round(Number(value) * 100))
  .refine((cents) => cents >= 50, "The price must be at least 0.50")
  .refine((cents) => cents <= MAX_ORDER_AMOUNT_CENTS, "The price can be at most 999,999.99, the most one payment can take");

/** Empty = the store's renewal discount (Admin → Settings); else a whole percent, 0–100. */
const renewalDiscountSchema = z
  .string()
  .trim()
  .optional()
  .refine((value) => !value || /^\d{1,3}$/.test(value), "Enter a whole percent from 0 to 100, or leave it empty for the store's setting")
  .transform((value) => (value ? Number(value) : null))
  .refine((value) => value === null || value <= 100, "At most 100 %");

/** The product's own fields (what is saved as is); the images come on top, in productFormSchema. */
const productFieldsShape = z.object({
  name: trimmed.min(1, "Enter a name").max(120, "At most 120 characters"),
  slug: trimmed
    .toLowerCase()
    .min(1, "Enter a slug")
    .max(PRODUCT_SLUG_MAX_LENGTH, `At most ${PRODUCT_SLUG_MAX_LENGTH} characters`)
    .regex(PRODUCT_SLUG_PATTERN, "Use lower-case letters, digits and single hyphens, e.g. pro-forms-plugin"),
  kind: z.enum(PRODUCT_KINDS, { error: "Choose plugin, theme or other" }).default("plugin"),
  /** The WordPress folder name of its zips; empty = the product slug. */
  packageSlug: z
    .string()
    .trim()
    .toLowerCase()
    .max(PRODUCT_SLUG_MAX_LENGTH, `At most ${PRODUCT_SLUG_MAX_LENGTH} characters`)
    .optional()
    .refine((value) => !value || PRODUCT_SLUG_PATTERN.test(value), "Use lower-case letters, digits and single hyphens, e.g. pro-forms")
    .transform((value) => value || null),
  homepage: optionalText(500).refine(
    (value) => value === null || isWebAddress(value),
    "Enter a full address starting with https:// or http://",
  ),
  author: optionalText(120),
  description: markdown,
  installation: markdown,
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
  active: checkbox,
  renewalDiscountPercent: renewalDiscountSchema,
  billing: z.enum(PRODUCT_BILLING, { error: "Choose one-time or yearly subscription" }).default("one_time"),
});

/**
 * The rules between fields, by field name (empty when none is broken). The form's schemas and
 * lib/products/save-product.ts both apply them, so no path saves a product that breaks them.
 */
export function productRuleErrors(input: { billing: ProductBilling; validityDays: number | null }): Record<string, string> {
  if (input.billing === "yearly" && input.validityDays !== YEARLY_VALIDITY_DAYS) {
    return { billing: `A yearly subscription renews its keys every year: set Validity to ${YEARLY_VALIDITY_DAYS} days, or choose one-time` };
  }
  return {};
}

const withProductRules = <T extends { billing: ProductBilling; validityDays: number | null }>(value: T, ctx: z.RefinementCtx) => {
  for (const [field, message] of Object.entries(productRuleErrors(value))) ctx.addIssue({ code: "custom", path: [field], message });
};

export const productFieldsSchema = productFieldsShape.superRefine(withProductRules);

export type ProductInput = z.output<typeof productFieldsSchema>;

const productFormShape = productFieldsShape.extend({
  icon: imageField("icon"),
  banner: imageField("banner"),
  removeIcon: checkbox,
  removeBanner: checkbox,
});

/** The whole form: the fields, a new icon or banner, or the removal of the current one. */
export const productFormSchema = productFormShape.superRefine(withProductRules);

export type ProductFormInput = z.output<typeof productFormSchema>;

const recordId = (message: string) => z.string({ error: message }).trim().min(1, message).max(64).regex(/^[A-Za-z0-9_-]*$/, "Invalid id");

export const productUpdateFormSchema = productFormShape
  .extend({ productId: recordId("Invalid id") })
  .superRefine(withProductRules);

/** "20" or "20.00" → cents; empty = the difference of the two prices at checkout. 0 is a free upgrade. */
const upgradePriceSchema = z
  .string()
  .trim()
  .optional()
  .refine((value) => !value || /^\d{1,7}(\.\d{1,2})?$/.test(value), "Enter a price like 20 or 20.00, or leave it empty for the difference")
  .transform((value) => (value ? Math.round(Number(value) * 100) : null))
  .refine((cents) => cents === null || cents <= MAX_ORDER_AMOUNT_CENTS, "The price can be at most 999,999.99, the most one payment can take");

/** Admin → Products → a product → Upgrade paths → Add. */
export const productUpgradeFormSchema = z.object({
  productId: recordId("Invalid id"),
  toProductId: recordId("Choose the product to upgrade to"),
  fixedPrice: upgradePriceSchema,
});

export const productUpgradeRemoveSchema = z.object({ productId: recordId("Invalid id"), pathId: recordId("Invalid id") });

function isWebAddress(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === "https:" || url.protocol === "http:") && url.hostname !== "";
  } catch {
    return false;
  }
}
