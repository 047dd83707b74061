"use server";

import { revalidatePath } from "next/cache";
import { db } from "@/lib/db";
import { validatedAction } from "@/lib/http/validated-action";
import { confirmEmail } from "@/lib/users/email-verification";
import { confirmEmailSchema } from "@/lib/users/schemas";
import { tokenRefusalMessage } from "@/lib/users/token-messages";

/**
 * The confirm button behind a verification link. Public: the token is the proof, and it may be
 * opened in a browser signed in to no account (or to another one, which changes nothing here).
 */
export const confirmEmailAction = validatedAction(confirmEmailSchema, async (data) => {
  const result = await confirmEmail(db, { token: data.token });
  if (result.outcome === "refused") return { error: tokenRefusalMessage(result.reason, "verify_email") };
  revalidatePath("/account", "layout");
  return { ok: true, message: "Your email address is confirmed. Keys sent to it now show in your account." };
});
