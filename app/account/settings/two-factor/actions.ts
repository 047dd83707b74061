"use server";

// Account → Settings → Two-factor sign-in. Server actions are public POST endpoints:
// customerAction resolves the signed-in user first, then parses the form; the user always comes
// from the session. Every code (and the password with it) spends the account's code budget.
import { revalidatePath } from "next/cache";
import { customerAction } from "@/lib/account/customer-action";
import {
  beginTwoFactorEnrolment,
  confirmTwoFactorEnrolment,
  disableTwoFactor,
  regenerateRecoveryCodes,
  type ProvenChangeResult,
} from "@/lib/auth/two-factor-enrolment";
import { TWO_FACTOR_SETUP_PATH } from "@/lib/auth/two-factor-policy";
import { twoFactorDeps } from "@/lib/auth/two-factor-verify";
import { db } from "@/lib/db";
import type { ActionState } from "@/lib/http/validated-action";
import { beginTwoFactorSchema, confirmTwoFactorSchema, provenTwoFactorChangeSchema } from "@/lib/users/two-factor-schemas";

/** A form's answer, plus the recovery codes to show once when there are new ones. */
export type TwoFactorActionState = ActionState & { recoveryCodes?: string[] };

const returnTo = TWO_FACTOR_SETUP_PATH;

const tryAgainIn = (seconds = 60) => `Too many attempts. Try again in ${Math.max(1, Math.ceil(seconds / 60))} minute(s).`;

/** Starts the set-up (or starts over): a new secret, shown by the page as a QR code and as text. */
export const beginOwnTwoFactor = customerAction(
  beginTwoFactorSchema,
  async (_data, user) => {
    const { outcome } = await beginTwoFactorEnrolment(db, { userId: user.id }, twoFactorDeps());
    revalidatePath(TWO_FACTOR_SETUP_PATH);
    if (outcome === "already_enabled") return { error: "Two-factor sign-in is already on. Turn it off first to set up another app." };
    return { ok: true };
  },
  { returnTo },
);

/**
 * The first code from the app turns two-factor on and ends every session, this one too; the
 * answer carries the ten recovery codes, shown once. The page is not revalidated here: it would
 * replace the form showing them (and now send this signed-out browser to sign in).
 */
export const confirmOwnTwoFactor = customerAction<typeof confirmTwoFactorSchema, TwoFactorActionState>(
  confirmTwoFactorSchema,
  async ({ code }, user) => {
    const result = await confirmTwoFactorEnrolment(db, { userId: user.id, code }, twoFactorDeps());
    if (result.ok) return { ok: true, recoveryCodes: result.recoveryCodes };
    switch (result.reason) {
      case "invalid":
        return { error: "That code is not right.", fieldErrors: { code: "Enter the 6-digit code your app shows now (check that the phone's clock is right)." } };
      case "throttled":
        return { error: tryAgainIn(result.retryAfterSeconds) };
      case "no_enrolment":
        return { error: "This set-up was replaced or finished meanwhile (another tab?). Reload the page and start again." };
    }
  },
  { returnTo },
);

function provenChangeRefusal(result: Exclude<ProvenChangeResult<object>, { ok: true }>): TwoFactorActionState {
  switch (result.reason) {
    case "wrong_password":
      return { error: "Please correct the highlighted fields.", fieldErrors: { password: "Your password is not correct." } };
    case "invalid_code":
      return { error: "Please correct the highlighted fields.", fieldErrors: { code: "That code is not right, or was used already." } };
    case "not_enabled":
      return { error: "Two-factor sign-in is not on." };
    case "throttled":
      return { error: tryAgainIn(result.retryAfterSeconds) };
  }
}

/** Ten new recovery codes (the old ones stop working), shown once: the password and a code first. */
export const regenerateOwnRecoveryCodes = customerAction<typeof provenTwoFactorChangeSchema, TwoFactorActionState>(
  provenTwoFactorChangeSchema,
  async (data, user) => {
    const result = await regenerateRecoveryCodes(db, { userId: user.id, ...data }, twoFactorDeps());
    return result.ok ? { ok: true, recoveryCodes: result.recoveryCodes } : provenChangeRefusal(result);
  },
  { returnTo },
);

/** Turns two-factor off (secret and recovery codes deleted): the password and a code first. */
export const disableOwnTwoFactor = customerAction(
  provenTwoFactorChangeSchema,
  async (data, user) => {
    const result = await disableTwoFactor(db, { userId: user.id, ...data }, twoFactorDeps());
    if (!result.ok) return provenChangeRefusal(result);
    revalidatePath("/account", "layout");
    return { ok: true, message: "Two-factor sign-in is off. Signing in now takes only your password." };
  },
  { returnTo },
);
