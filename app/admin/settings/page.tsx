import { RenewalSettingsForm } from "@/components/admin/renewal-settings-form";
import { StoreSettingsForm } from "@/components/admin/store-settings-form";
import { TwoFactorRequirementForm } from "@/components/admin/two-factor-requirement-form";
import { Card } from "@/components/ui/card";
import { reminderScheduleFields } from "@/lib/admin/settings-schemas";
import { requireAdmin } from "@/lib/auth/session";
import { adminsMustUseTwoFactor } from "@/lib/auth/two-factor-policy";
import { db } from "@/lib/db";
import { localEnvironmentsAreFree } from "@/lib/licenses/store-settings";
import { reminderSchedule, storeRenewalDiscountPercent } from "@/lib/renewals/settings";
import { saveAdminTwoFactorSettingAction, saveRenewalSettingsAction, saveStoreSettingsAction } from "./actions";

export const metadata = { title: "Settings · Admin" };

export default async function AdminSettingsPage() {
  const admin = await requireAdmin("/admin/settings");
  const [localFree, discountPercent, schedule, twoFactorRequired] = await Promise.all([
    localEnvironmentsAreFree(db),
    storeRenewalDiscountPercent(db),
    reminderSchedule(db),
    adminsMustUseTwoFactor(db),
  ]);
  const days = reminderScheduleFields(schedule);
  return (
    <>
      <div className="space-y-1">
        <h1 className="text-2xl font-semibold">Settings</h1>
        <p className="text-sm text-slate-600">Store-wide rules for license activation, renewals and admin sign-in.</p>
      </div>
      <Card title="Activations">
        <StoreSettingsForm action={saveStoreSettingsAction} localEnvironmentsFree={localFree} />
      </Card>
      <Card title="Sign-in" description="How admins sign in to this store.">
        <TwoFactorRequirementForm action={saveAdminTwoFactorSettingAction} required={twoFactorRequired} ownTwoFactor={admin.twoFactor} />
      </Card>
      <Card title="Renewals" description="What a renewal costs, and when customers are reminded that a key expires.">
        <RenewalSettingsForm
          action={saveRenewalSettingsAction}
          discountPercent={discountPercent}
          daysBefore={days.before}
          daysAfter={days.after}
        />
      </Card>
    </>
  );
}
