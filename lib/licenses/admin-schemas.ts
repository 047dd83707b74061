// Form input of the license actions in Account and Admin, parsed before any database work.
import { z } from "zod";
import { revokeReasonSchema } from "./schemas";

/** The largest Max Activations an admin may set; 0 means unlimited. */
export const MAX_ACTIVATIONS_CEILING = 100_000;

/** Ids are cuids: short, URL-safe strings. Anything else is refused before a lookup. */
export const recordIdSchema = z
  .string({ error: "Missing id" })
  .trim()
  .min(1, "Missing id")
  .max(64, "Invalid id")
  .regex(/^[A-Za-z0-9_-]+$/, "Invalid id");

export const maxActivationsSchema = z.coerce
  .number({ error: "Enter a number" })
  .int("Enter a whole number")
  .min(0, "Use 0 for unlimited, or a positive number")
  .max(MAX_ACTIVATIONS_CEILING, `At most ${MAX_ACTIVATIONS_CEILING.toLocaleString("en-US")}`);

export const licenseActionSchema = z.object({ licenseId: recordIdSchema });

export const revokeLicenseFormSchema = licenseActionSchema.extend({ reason: revokeReasonSchema });

export const changeMaxActivationsFormSchema = licenseActionSchema.extend({ maxActivations: maxActivationsSchema });

export const activationActionSchema = licenseActionSchema.extend({ activationId: recordIdSchema });
