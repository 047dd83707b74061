"use server";

import { revalidatePath } from "next/cache";
import { adminAction } from "@/lib/admin/admin-action";
import { db } from "@/lib/db";
import { renewalSettingsFormSchema, storeSettingsFormSchema } from "@/lib/admin/settings-schemas";
import { updateLocalEnvironmentsFree, updateRenewalSettings } from "@/lib/admin/update-store-settings";

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
