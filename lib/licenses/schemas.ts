import { z } from "zod";
import { DOMAIN_MAX_INPUT_LENGTH } from "./environment";
import { LICENSE_KEY_MAX_INPUT_LENGTH } from "./key";
import { REVOKE_REASON_MAX_LENGTH } from "./revoke-license";

const optionalText = (max: number, label: string) =>
  z
    .string({ error: `${label} must be a string` })
    .max(max, `${label} must be at most ${max} characters`)
    .optional()
    .transform((value) => (value === undefined || value.trim() === "" ? undefined : value.trim()));

/** The public Verify request (JSON or form body). Unknown fields are ignored. */
export const verifyRequestSchema = z.object({
  key: z
    .string({ error: "key is required" })
    .min(1, "key is required")
    .max(LICENSE_KEY_MAX_INPUT_LENGTH, `key must be at most ${LICENSE_KEY_MAX_INPUT_LENGTH} characters`),
  // Present means meant: an empty or invalid domain is a 400, never a fallback to the client IP.
  domain: z
    .string({ error: "domain must be a string" })
    .max(DOMAIN_MAX_INPUT_LENGTH, `domain must be at most ${DOMAIN_MAX_INPUT_LENGTH} characters`)
    .optional(),
  product: optionalText(100, "product"),
  nonce: optionalText(64, "nonce"),
});
export type VerifyRequest = z.infer<typeof verifyRequestSchema>;

export const deactivateRequestSchema = verifyRequestSchema.pick({ key: true, domain: true });
export type DeactivateRequest = z.infer<typeof deactivateRequestSchema>;

export const revokeReasonSchema = z
  .string()
  .trim()
  .max(REVOKE_REASON_MAX_LENGTH, `Reason must be at most ${REVOKE_REASON_MAX_LENGTH} characters`)
  .optional();
