"use server";

import { headers } from "next/headers";
import { db } from "@/lib/db";
import { clientIpFromHeaders } from "@/lib/http/client-ip";
import { createRateLimiter } from "@/lib/http/rate-limit";
import { validatedAction } from "@/lib/http/validated-action";
import { createUser, EmailTakenError } from "@/lib/users/create-user";
import { signUpSchema } from "@/lib/users/schemas";

const signUpLimiter = createRateLimiter("sign-up", 20, 60 * 60);

export const signUp = validatedAction(signUpSchema, async (data) => {
  const ip = clientIpFromHeaders(await headers());
  if (!(await signUpLimiter.consume(ip)).allowed) {
    return { error: "Too many accounts created from here. Try again later." };
  }
  try {
    await createUser(db, { email: data.email, password: data.password, name: data.name });
  } catch (error) {
    if (error instanceof EmailTakenError) return { fieldErrors: { email: error.message }, error: error.message };
    throw error;
  }
  return { ok: true };
});
