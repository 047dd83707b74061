"use server";

import { revalidatePath } from "next/cache";
import { adminAction } from "@/lib/admin/admin-action";
import { db } from "@/lib/db";
import { adminTwoFactorFormSchema, renewalSettingsFormSchema, storeSettingsFormSchema } from "@/lib/admin/settings-schemas";
import { updateAdminsRequireTwoFactor, updateLocalEnvironmentsFree, updateRenewalSettings } from "@/lib/admin/update-store-settings";

/** Admin → Settings → Save: admins only (checked first), then the setting is stored with an audit entry. */
export const saveStoreSettingsAction = adminAction(storeSettingsFormSchema, async (data, admin) => {
  await updateLocalEnvironmentsFree(db, { enabled: data.localEnvironmentsFree, actor: admin.id });
  revalidatePath("/admin/settings");
  return {
    ok: true,
    message: data.localEnvironmentsFree
      ? "Saved. Local and staging hosts now take no slot."
      : "Saved. Every host, local or not, now takes a slot.",
  };
});

/** Admin → Settings → Renewals → Save: admins only (checked first); bad input changes nothing. */
export const saveRenewalSettingsAction = adminAction(renewalSettingsFormSchema, async (data, admin) => {
  const { changed } = await updateRenewalSettings(db, { ...data, actor: admin.id });
  revalidatePath("/admin/settings");
  return { ok: true, message: changed ? "Saved. Renewal prices and the next reminders follow the new settings." : "Saved (nothing changed)." };
});

/**
 * Admin → Settings → Sign-in → Save: admins only (checked first). Turning the requirement on is
 * refused while the admin's own account has no two-factor.
 */
export const saveAdminTwoFactorSettingAction = adminAction(adminTwoFactorFormSchema, async ({ adminsRequireTwoFactor }, admin) => {
  const { outcome } = await updateAdminsRequireTwoFactor(db, { enabled: adminsRequireTwoFactor, actorId: admin.id });
  if (outcome === "own_two_factor_off") {
    return { error: "Turn on two-factor sign-in for your own account first (Account → Settings → Two-factor sign-in), so you cannot lock yourself out." };
  }
  revalidatePath("/admin/settings");
  if (outcome === "unchanged") return { ok: true, message: "Saved (nothing changed)." };
  return {
    ok: true,
    message: adminsRequireTwoFactor
      ? "Saved. Admins without two-factor sign-in now see only the page that sets it up."
      : "Saved. Admins may use Admin without two-factor sign-in.",
  };
});
