// Requests and responses of /api/v1/licenses/*: the route handlers parse with these, the
// serializers are typed by them, and the OpenAPI document is generated from them.
import { z } from "zod";
import { revokeReasonSchema } from "../../licenses/schemas";
import { emailSchema } from "../../users/schemas";
import { activationSchema } from "../activations/schemas";
import { environmentResultSchema, verifyCodeSchema } from "../public/schemas";
import { pageQueryShape, paginationSchema, timestampSchema } from "../schemas";

export const LICENSE_STATUSES = ["active", "expired", "revoked"] as const;
export const METADATA_MAX_BYTES = 4096;
export const MAX_ACTIVATIONS_LIMIT = 1_000_000;

const id = (example: string) => z.string().min(1).max(100).meta({ example });

// ---- The license object ----

export const licenseSchema = z
  .object({
    id: z.string().meta({ example: "cmf2k5q9v0001abcd1234efgh" }),
    status: z.enum(LICENSE_STATUSES).meta({ description: "revoked if revoked_at is set; else expired if expires_at has passed; else active" }),
    customer: z.object({
      id: z.string(),
      name: z.string().nullable(),
      email: z.string().meta({ example: "jane@example.com" }),
    }),
    product: z.object({
      id: z.string(),
      name: z.string().meta({ description: "The product name when the key was issued", example: "Pro Forms Plugin" }),
    }),
    key: z.string().meta({ example: "CP-TNZ8C-MX91J-Q269H-MM1KX-CP4JW" }),
    masked_key: z.string().meta({ example: "CP-*****-*****-*****-*****-CP4JW" }),
    is_active: z.boolean().meta({ description: "status is active" }),
    is_expired: z.boolean().meta({ description: "expires_at has passed (also for a revoked key)" }),
    can_activate: z.boolean().meta({ description: "Active and a new environment would get a slot (unlimited, or slots remain)" }),
    activations: z.object({
      count: z.number().int().meta({ description: "Slots in use", example: 2 }),
      max: z.number().int().meta({ description: "0 = unlimited", example: 5 }),
      remaining: z.number().int().nullable().meta({ description: "null = unlimited", example: 3 }),
    }),
    metadata: z.record(z.string(), z.unknown()).nullable().meta({ description: "Your own JSON object, or null" }),
    activated_at: timestampSchema.nullable().meta({ description: "First activation, or null if never activated" }),
    expires_at: timestampSchema.nullable().meta({ description: "null = lifetime" }),
    revoked_at: timestampSchema.nullable(),
    revoke_reason: z.string().nullable(),
    created_at: timestampSchema,
    updated_at: timestampSchema,
  })
  .meta({ id: "License" });
export type LicenseObject = z.infer<typeof licenseSchema>;

export const licenseResponseSchema = z.object({ data: licenseSchema }).meta({ id: "LicenseResponse" });
export const licenseListResponseSchema = z
  .object({ data: z.array(licenseSchema), pagination: paginationSchema })
  .meta({ id: "LicenseList" });

// ---- Requests ----

export const licenseKeyParamsSchema = z.object({
  key: z
    .string()
    .min(1)
    .max(100)
    .meta({ description: "The license key in any spelling (case, dashes and O/I/L look-alikes are forgiven)", example: "CP-TNZ8C-MX91J-Q269H-MM1KX-CP4JW" }),
});

export const listLicensesQuerySchema = z.strictObject({
  status: z
    .enum(LICENSE_STATUSES, { error: "status must be active, expired or revoked" })
    .optional()
    .meta({ description: "Only licenses with this status (derived from revoked_at and expires_at now)" }),
  customer_id: id("cmf2k1a2b0000abcd1234efgh").optional().meta({ description: "Only this customer's licenses" }),
  product_id: id("cmf2k1a2b0002abcd1234efgh").optional().meta({ description: "Only this product's licenses" }),
  ...pageQueryShape,
});
export type ListLicensesQuery = z.infer<typeof listLicensesQuerySchema>;

const metadataSchema = z
  .record(z.string(), z.unknown())
  .refine((value) => Buffer.byteLength(JSON.stringify(value)) <= METADATA_MAX_BYTES, `metadata must be at most ${METADATA_MAX_BYTES} bytes of JSON`)
  .meta({ description: `Any JSON object up to ${METADATA_MAX_BYTES} bytes, returned as is`, example: { crm_id: "A-1042" } });

export const issueLicenseBodySchema = z
  .strictObject({
    customer_id: id("cmf2k1a2b0000abcd1234efgh").optional().meta({ description: "The customer's id (or send customer_email)" }),
    customer_email: emailSchema.optional().meta({ description: "An existing account's email (or send customer_id)", example: "jane@example.com" }),
    product_id: id("cmf2k1a2b0002abcd1234efgh").optional().meta({ description: "The product's id (or send product_slug)" }),
    product_slug: z.string().min(1).max(100).optional().meta({ example: "pro-forms-plugin" }),
    max_activations: z
      .number({ error: "max_activations must be a whole number" })
      .int("max_activations must be a whole number")
      .min(0, "max_activations must be 0 (unlimited) or more")
      .max(MAX_ACTIVATIONS_LIMIT)
      .optional()
      .meta({ description: "0 = unlimited; default: the product's", example: 3 }),
    expires_at: z.iso
      .datetime({ offset: true, error: "expires_at must be an ISO 8601 date-time, e.g. 2027-12-31T23:59:59Z" })
      .nullable()
      .optional()
      .meta({ description: "A future ISO 8601 time; null = lifetime; omitted = the product's validity from now" }),
    metadata: metadataSchema.optional(),
  })
  .superRefine((body, ctx) => {
    if (Boolean(body.customer_id) === Boolean(body.customer_email)) {
      ctx.addIssue({ code: "custom", path: ["customer_id"], message: "Send exactly one of customer_id and customer_email" });
    }
    if (Boolean(body.product_id) === Boolean(body.product_slug)) {
      ctx.addIssue({ code: "custom", path: ["product_id"], message: "Send exactly one of product_id and product_slug" });
    }
    if (body.expires_at && Date.parse(body.expires_at) <= Date.now()) {
      ctx.addIssue({ code: "custom", path: ["expires_at"], message: "expires_at must be in the future (or null for lifetime)" });
    }
  });
export type IssueLicenseBody = z.infer<typeof issueLicenseBodySchema>;

export const activateLicenseBodySchema = z
  .strictObject({
    domain: z.string().min(1).max(2048).optional().meta({ description: "The site, in any spelling (URL, host, IP)", example: "https://www.example.com/shop/" }),
    ip: z.string().min(1).max(64).optional().meta({ description: "An IP environment (instead of domain)", example: "203.0.113.45" }),
    product: z.string().min(1).max(100).optional().meta({ description: "Product slug or id; a key for another product answers PRODUCT_MISMATCH" }),
  })
  .refine((body) => (body.domain === undefined) !== (body.ip === undefined), {
    message: "Send exactly one of domain and ip",
    path: ["domain"],
  })
  .meta({ description: "Exactly one of `domain` and `ip`" });
export type ActivateLicenseBody = z.infer<typeof activateLicenseBodySchema>;

export const activateLicenseResponseSchema = z
  .object({
    data: z.object({
      valid: z.boolean().meta({ description: "Whether the key is valid for this environment now" }),
      code: verifyCodeSchema.exclude(["NOT_FOUND"]),
      message: z.string().meta({ example: "License is valid" }),
      environment: environmentResultSchema,
      activation: activationSchema.nullable().meta({ description: "The environment's activation when valid; null otherwise" }),
      license: licenseSchema,
    }),
  })
  .meta({ id: "ActivationResult" });
export type ActivateLicenseResult = z.infer<typeof activateLicenseResponseSchema>["data"];

export const revokeLicenseBodySchema = z.strictObject({
  reason: revokeReasonSchema.nullable().meta({ description: "Why, for the audit trail (at most 500 characters)", example: "Customer requested refund" }),
  notify_customer: z
    .boolean()
    .default(false)
    .meta({
      description:
        "Email the key's owner that it was revoked, with the reason. Default false: API callers are usually automations that tell the customer themselves.",
      example: false,
    }),
});
export type RevokeLicenseBody = z.infer<typeof revokeLicenseBodySchema>;
