import { notFound } from "next/navigation";
import { Card } from "@/components/ui/card";
import { requireAdmin } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { formatDate } from "@/lib/licenses/format";
import { demoClockDaysAdvanced, MAX_CLOCK_DAYS } from "@/lib/subscriptions/advance-demo-clock";
import { advanceDemoClockAction } from "./actions";
import { DemoClockForm } from "./demo-clock-form";

export const metadata = { title: "Demo · Admin" };

// Demo payments only: in a store that takes money this page does not exist (404).
export default async function AdminDemoPage() {
  await requireAdmin("/admin/demo");
  if (getEnv().payments !== "demo") notFound();
  const [advanced, next, active] = await Promise.all([
    demoClockDaysAdvanced(db),
    db.subscription.findFirst({
      where: { provider: "demo", status: { not: "canceled" }, cancelAtPeriodEnd: false },
      orderBy: { currentPeriodEnd: "asc" },
      select: { currentPeriodEnd: true },
    }),
    db.subscription.count({ where: { provider: "demo", status: { not: "canceled" } } }),
  ]);
  return (
    <>
      <div className="space-y-1">
        <h1 className="text-2xl font-semibold">Demo</h1>
        <p className="text-sm text-slate-600">Tools of the demo store only. A store that takes payments has no such page.</p>
      </div>
      <Card
        title="Advance the clock"
        description={
          <>
            Make the store behave as if some days had passed: every key&apos;s expiry, subscription period and reminder moves that
            many days into the past, so Verify, the pages and the reminders all see the later date. Yearly subscriptions whose
            period has ended renew (a paid demo renewal and its receipt, on the same key); cancelled ones end. There is no way
            back.
          </>
        }
      >
        <p className="mb-4 text-sm text-slate-700">
          {advanced > 0 ? `Advanced ${advanced} ${advanced === 1 ? "day" : "days"} so far. ` : ""}
          {active === 0
            ? "No demo subscriptions yet: buy a yearly product to start one."
            : `${active} demo ${active === 1 ? "subscription" : "subscriptions"}; ${next?.currentPeriodEnd ? `the next renews on ${formatDate(next.currentPeriodEnd)}.` : "none renews."}`}
        </p>
        <DemoClockForm action={advanceDemoClockAction} maxDays={MAX_CLOCK_DAYS} />
      </Card>
    </>
  );
}
