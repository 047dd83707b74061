"use server";

// Admin → a key. Every action is a public POST endpoint: adminAction checks the admin role
// (requireAdmin) before anything else, then parses the form with zod; each calls the one lib
// function that changes the key, with its audit entry in the same transaction.
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { adminAction } from "@/lib/admin/admin-action";
import { adminRevokeFormSchema } from "@/lib/admin/revoke-form";
import { db } from "@/lib/db";
import {
  activationActionSchema,
  changeMaxActivationsFormSchema,
  licenseActionSchema,
} from "@/lib/licenses/admin-schemas";
import { changeMaxActivations } from "@/lib/licenses/change-max-activations";
import { deactivateActivationAsAdmin } from "@/lib/licenses/deactivate-license-activation";
import { formatMaxActivations } from "@/lib/licenses/format";
import { replaceLicense } from "@/lib/licenses/replace-license";
import { revokeLicense } from "@/lib/licenses/revoke-license";

const pagePath = (licenseId: string) => `/admin/licenses/${licenseId}`;

function refresh(licenseId: string) {
  revalidatePath(pagePath(licenseId));
  revalidatePath("/admin/licenses");
}

export const revokeLicenseAction = adminAction(adminRevokeFormSchema, async (data, admin) => {
  const result = await revokeLicense(db, { licenseId: data.licenseId, reason: data.reason, actor: admin.id, notifyCustomer: data.notifyCustomer });
  refresh(data.licenseId);
  switch (result.outcome) {
    case "revoked":
      return {
        ok: true,
        message: `The key is revoked. Verify now answers REVOKED for it.${data.notifyCustomer ? " The customer is emailed the reason." : ""}`,
      };
    case "already_revoked":
      return { ok: true, message: "The key was already revoked." };
    case "invalid_reason":
      return { error: "The reason is too long.", fieldErrors: { reason: "At most 500 characters" } };
    case "not_found":
      return { error: "This key no longer exists." };
  }
});

export const changeMaxActivationsAction = adminAction(changeMaxActivationsFormSchema, async (data, admin) => {
  const result = await changeMaxActivations(db, { ...data, actor: admin.id });
  refresh(data.licenseId);
  switch (result.outcome) {
    case "changed":
      return { ok: true, message: `Max Activations changed from ${formatMaxActivations(result.from)} to ${formatMaxActivations(result.to)}.` };
    case "unchanged":
      return { ok: true, message: "Max Activations is already set to that." };
    case "revoked":
      return { error: "A revoked key is final; its limit can no longer change." };
    case "not_found":
      return { error: "This key no longer exists." };
  }
});

export const deactivateActivationAction = adminAction(activationActionSchema, async (data, admin) => {
  const result = await deactivateActivationAsAdmin(db, { ...data, actor: admin.id });
  refresh(data.licenseId);
  switch (result.outcome) {
    case "deactivated":
      return { ok: true, message: `${result.environment} was deactivated.` };
    case "already_inactive":
      return { ok: true, message: "That activation was already deactivated." };
    case "revoked":
      return { error: "This key is revoked; its activations are kept as they were." };
    case "not_found":
      return { error: "That activation was not found on this key." };
  }
});

export const replaceLicenseAction = adminAction(licenseActionSchema, async (data, admin) => {
  const result = await replaceLicense(db, { licenseId: data.licenseId, actor: admin.id });
  if (result.outcome === "not_found") return { error: "This key no longer exists." };
  if (result.outcome === "already_replaced") return { error: "This key has already been replaced; see its history." };
  refresh(data.licenseId);
  redirect(`${pagePath(result.replacement.id)}?replaced=${encodeURIComponent(data.licenseId)}`);
});
