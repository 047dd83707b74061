import { z } from "zod";

const code = z.string().trim().min(1, "Enter the code from your authenticator app").max(64, "That is not a code");

/** Account → Settings → Two-factor: the first code, which turns two-factor on. */
export const confirmTwoFactorSchema = z.object({ code });

/** Turning two-factor off, or new recovery codes: the password and a current code (or a recovery code). */
export const provenTwoFactorChangeSchema = z.object({
  password: z.string().min(1, "Enter your password").max(200, "Password must be at most 200 characters"),
  code,
});

/** Begin (or start over) the set-up: no fields. */
export const beginTwoFactorSchema = z.object({});
