// Response schemas of the public license endpoints (Verify, deactivate, signing key). Those
// endpoints build their bodies in lib/licenses; these schemas describe them for the OpenAPI
// document, and the type checks below fail the build if either side changes without the other.
import { z } from "zod";
import { DEACTIVATE_MESSAGES } from "../../licenses/http/endpoints";
import type { VerifyCode, VerifyResponseBody } from "../../licenses/verify-license";
import { timestampSchema } from "../schemas";

export const VERIFY_CODES = ["NOT_FOUND", "REVOKED", "EXPIRED", "PRODUCT_MISMATCH", "VALID", "MAX_ACTIVATIONS_EXCEEDED"] as const;
export const verifyCodeSchema = z.enum(VERIFY_CODES).meta({
  id: "VerifyCode",
  description:
    "NOT_FOUND (bad format or unknown key), REVOKED, EXPIRED, PRODUCT_MISMATCH, VALID (known environment or a free slot taken), MAX_ACTIVATIONS_EXCEEDED (new environment, no slot left). The first that applies wins.",
});

export const environmentResultSchema = z
  .object({
    value: z.string().meta({ description: "Canonical domain or IP", example: "example.com" }),
    kind: z.enum(["domain", "ip"]),
    activated: z.boolean().meta({ description: "Whether this call added the environment (took a slot)" }),
    local: z.boolean().meta({ description: "A local/staging environment that takes no slot" }),
  })
  .meta({ id: "EnvironmentResult" });

export const verifyResponseSchema = z
  .object({
    valid: z.boolean(),
    code: verifyCodeSchema,
    message: z.string().meta({ example: "License is valid" }),
    license: z
      .object({
        key: z.string().meta({ description: "The masked key", example: "CP-*****-*****-*****-*****-7QK2M" }),
        status: z.enum(["active", "expired", "revoked"]),
        product: z.object({ slug: z.string(), name: z.string() }),
        expires_at: timestampSchema.nullable().meta({ description: "null = lifetime" }),
      })
      .nullable(),
    activations: z
      .object({ used: z.number().int(), max: z.number().int(), remaining: z.number().int().nullable() })
      .nullable()
      .meta({ description: "max 0 = unlimited, then remaining is null" }),
    environment: environmentResultSchema,
    manage_url: z.url().optional().meta({ description: "With MAX_ACTIVATIONS_EXCEEDED: where the key's owner frees a slot" }),
    renew_url: z.url().optional().meta({ description: "With EXPIRED: where the key's owner renews it" }),
    server_time: timestampSchema,
    nonce: z.string().nullable().meta({ description: "The request's nonce, echoed" }),
  })
  .meta({ id: "VerifyResponse" });

export const deactivateResponseSchema = z
  .object({
    success: z.boolean(),
    code: z.enum(Object.keys(DEACTIVATE_MESSAGES) as [keyof typeof DEACTIVATE_MESSAGES]),
    message: z.string(),
    environment: z.object({ value: z.string(), kind: z.enum(["domain", "ip"]) }),
  })
  .meta({ id: "DeactivateResponse" });

export const publishedSigningKeySchema = z
  .object({
    key_id: z.string().meta({ description: "What X-CP-Signature-Key-Id names", example: "39e47ff231c08381" }),
    public_key: z.string().meta({ description: "Raw 32-byte public key, base64" }),
    public_key_pem: z.string(),
    current: z.boolean().meta({ description: "Whether answers are signed with this key now" }),
    signs_from: timestampSchema.nullable().meta({ description: "When it starts (or started) signing; null when not known" }),
    published_until: timestampSchema
      .nullable()
      .meta({ description: "A previous key: published (its signatures still valid) until then. null: no end set" }),
  })
  .meta({ id: "PublishedSigningKey" });

export const signingKeyResponseSchema = z
  .object({
    algorithm: z.literal("Ed25519"),
    key_id: z.string().meta({ description: "The key answers are signed with now" }),
    public_key: z.string().meta({ description: "Raw 32-byte public key, base64" }),
    public_key_pem: z.string(),
    signature_header: z.string().meta({ example: "X-CP-Signature" }),
    key_id_header: z.string().meta({ example: "X-CP-Signature-Key-Id" }),
    keys: z.array(publishedSigningKeySchema).meta({
      description:
        "Every key published now, the current one first: after a key rotation also the next key (before it signs) and the previous ones until their published_until. Ship them all in your product and pick one by X-CP-Signature-Key-Id.",
    }),
  })
  .meta({ id: "SigningKey" });

// Compile-time agreement with lib/licenses: a renamed field or a new code breaks the build here.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const assertTrue = <T extends true>(value: T) => value;
assertTrue<Same<(typeof VERIFY_CODES)[number], VerifyCode>>(true);
assertTrue<Same<keyof z.infer<typeof verifyResponseSchema>, keyof VerifyResponseBody>>(true);
assertTrue<VerifyResponseBody extends z.input<typeof verifyResponseSchema> ? true : false>(true);
