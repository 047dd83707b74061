"use server";

// Account → Settings. Server actions are public POST endpoints: customerAction resolves the
// signed-in user first, then parses the form; the user always comes from the session.
import { revalidatePath } from "next/cache";
import { customerAction } from "@/lib/account/customer-action";
import { signOutEverywhere } from "@/lib/auth/sign-out-everywhere";
import { db } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { createRateLimiter, type RateLimiter } from "@/lib/http/rate-limit";
import { changeName } from "@/lib/users/change-name";
import { changePassword } from "@/lib/users/change-password";
import { resendVerificationEmail } from "@/lib/users/email-verification";
import { changeNameSchema, changePasswordSchema, resendVerificationSchema, signOutEverywhereSchema } from "@/lib/users/schemas";

const returnTo = "/account/settings";

// The current password is a password check like sign-in's: a stolen session must not be able to
// guess it here at scrypt speed.
let passwordChecks: RateLimiter | undefined;
function passwordCheckLimiter(): RateLimiter {
  const env = getEnv();
  passwordChecks ??= createRateLimiter("password-change", env.SIGN_IN_MAX_ATTEMPTS, env.SIGN_IN_WINDOW_SECONDS);
  return passwordChecks;
}

/** The signed-in user's display name. */
export const changeOwnName = customerAction(
  changeNameSchema,
  async (data, user) => {
    await changeName(db, { userId: user.id, name: data.name });
    revalidatePath("/account", "layout");
    return { ok: true, message: "Your name was saved." };
  },
  { returnTo },
);

/**
 * Changes the signed-in user's password and ends every session (this browser's included: the
 * form signs in again with the new password).
 */
export const changeOwnPassword = customerAction(
  changePasswordSchema,
  async (data, user) => {
    const limiter = passwordCheckLimiter();
    if (!(await limiter.consume(user.id)).allowed) return { error: "Too many attempts. Try again later." };
    const result = await changePassword(db, { userId: user.id, currentPassword: data.currentPassword, newPassword: data.newPassword });
    if (result.outcome === "wrong_password") return { error: "Your current password is not correct." };
    await limiter.reward(user.id);
    return { ok: true };
  },
  { returnTo },
);

/** Ends every session of the signed-in user, this one included (the form then signs out). */
export const signOutOwnSessionsEverywhere = customerAction(
  signOutEverywhereSchema,
  async (_data, user) => {
    await signOutEverywhere(db, { userId: user.id, actor: user.id });
    return { ok: true };
  },
  { returnTo },
);

/** "Resend the link" of the unverified-address banner (Account overview and Settings). */
export const resendOwnVerificationEmail = customerAction(
  resendVerificationSchema,
  async (_data, user) => {
    const result = await resendVerificationEmail(db, { userId: user.id });
    switch (result.outcome) {
      case "sent":
        return { ok: true, message: `We sent a new link to ${user.email}.` };
      case "already_verified":
        return { ok: true, message: "Your email address is already confirmed." };
      case "throttled":
        return { error: "We sent several links already. Check your inbox (and spam folder), or try again in an hour." };
    }
  },
  { returnTo },
);
