"use server";

import { headers } from "next/headers";
import { db } from "@/lib/db";
import { clientIpFromHeaders } from "@/lib/http/client-ip";
import { createRateLimiter } from "@/lib/http/rate-limit";
import { validatedAction } from "@/lib/http/validated-action";
import { requestPasswordReset } from "@/lib/users/request-password-reset";
import { forgotPasswordSchema } from "@/lib/users/schemas";

/** The one answer, for an address with an account and one without. */
const RESET_REQUESTED_MESSAGE =
  "If an account exists for that address, we sent it a link to choose a new password. The link works for one hour.";

// Per IP: one client asking for many addresses. Per email: one inbox flooded from many IPs; past
// it the answer stays the same (it would otherwise say nothing about the account anyway, but a
// different answer invites probing) and nothing more is sent.
const perIp = createRateLimiter("password-reset:ip", 20, 60 * 60);
const perEmail = createRateLimiter("password-reset:email", 5, 60 * 60);

/** "Forgot password?": the same answer whether or not the address has an account (OWASP). */
export const requestPasswordResetAction = validatedAction(forgotPasswordSchema, async (data) => {
  const ip = clientIpFromHeaders(await headers());
  if (!(await perIp.consume(ip)).allowed) return { error: "Too many requests from here. Try again later." };
  if ((await perEmail.consume(data.email)).allowed) await requestPasswordReset(db, { email: data.email });
  return { ok: true, message: RESET_REQUESTED_MESSAGE };
});
