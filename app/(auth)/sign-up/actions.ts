"use server";

import { headers } from "next/headers";
import { db } from "@/lib/db";
import { clientIpFromHeaders } from "@/lib/http/client-ip";
import { createRateLimiter } from "@/lib/http/rate-limit";
import { validatedAction } from "@/lib/http/validated-action";
import { registerUser } from "@/lib/users/register-user";
import { signUpSchema } from "@/lib/users/schemas";

const signUpLimiter = createRateLimiter("sign-up", 20, 60 * 60);

/**
 * Creates the account, or not: a new email and one that already has an account get the same
 * answer (registerUser spends the same work on both). The form then signs in with the typed
 * credentials, which works for a new account and for an owner who typed their own password.
 */
export const signUp = validatedAction(signUpSchema, async (data) => {
  const ip = clientIpFromHeaders(await headers());
  if (!(await signUpLimiter.consume(ip)).allowed) {
    return { error: "Too many accounts created from here. Try again later." };
  }
  await registerUser(db, { email: data.email, password: data.password, name: data.name });
  return { ok: true };
});
