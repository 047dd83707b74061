"use server";

import { revalidatePath } from "next/cache";
import { customerAction } from "@/lib/account/customer-action";
import { db } from "@/lib/db";
import { activationActionSchema } from "@/lib/licenses/admin-schemas";
import { deactivateActivationForCustomer } from "@/lib/licenses/deactivate-license-activation";

/**
 * Account → a key → Deactivate: frees a slot on one of the signed-in customer's own keys. The
 * user comes from the session (requireUser, via customerAction), never from the form, and the
 * lib call scopes the key to that user.
 */
export const deactivateOwnActivation = customerAction(activationActionSchema, async (data, user) => {
  const result = await deactivateActivationForCustomer(db, { userId: user.id, ...data });
  revalidatePath(`/account/licenses/${data.licenseId}`);
  switch (result.outcome) {
    case "deactivated":
      return { ok: true, message: `${result.environment} was deactivated. Its slot is free.` };
    case "already_inactive":
      return { ok: true, message: "That site was already deactivated." };
    case "revoked":
      return { error: "This key is revoked; its activations are kept as they were." };
    case "not_found":
      return { error: "That activation was not found on your key." };
  }
});
