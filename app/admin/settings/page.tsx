import { StoreSettingsForm } from "@/components/admin/store-settings-form";
import { Card } from "@/components/ui/card";
import { requireAdmin } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { localEnvironmentsAreFree } from "@/lib/licenses/store-settings";
import { saveStoreSettingsAction } from "./actions";

export const metadata = { title: "Settings · Admin" };

export default async function AdminSettingsPage() {
  await requireAdmin("/admin/settings");
  const localFree = await localEnvironmentsAreFree(db);
  return (
    <>
      <div className="space-y-1">
        <h1 className="text-2xl font-semibold">Settings</h1>
        <p className="text-sm text-slate-600">Store-wide rules for license activation.</p>
      </div>
      <Card title="Activations">
        <StoreSettingsForm action={saveStoreSettingsAction} localEnvironmentsFree={localFree} />
      </Card>
    </>
  );
}
