"use server";

import { headers } from "next/headers";
import { db } from "@/lib/db";
import { clientIpFromHeaders } from "@/lib/http/client-ip";
import { createRateLimiter } from "@/lib/http/rate-limit";
import { validatedAction } from "@/lib/http/validated-action";
import { resetPassword } from "@/lib/users/reset-password";
import { resetPasswordSchema } from "@/lib/users/schemas";
import { tokenRefusalMessage } from "@/lib/users/token-messages";

// 256-bit tokens cannot be guessed; the limit only keeps scrypt from being spent in bulk.
const perIp = createRateLimiter("password-reset-submit:ip", 30, 60 * 60);

/**
 * Sets the new password with the link's token. Nobody is signed in by it: the page says so and
 * links to sign-in (a reset link in the wrong hands must not also open a session).
 */
export const resetPasswordAction = validatedAction(resetPasswordSchema, async (data) => {
  const ip = clientIpFromHeaders(await headers());
  if (!(await perIp.consume(ip)).allowed) return { error: "Too many attempts from here. Try again later." };
  const result = await resetPassword(db, { token: data.token, newPassword: data.newPassword });
  if (result.outcome === "refused") return { error: tokenRefusalMessage(result.reason, "password_reset") };
  return { ok: true, message: "Password changed. Sign in with your new password." };
});
