"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { adminAction } from "@/lib/admin/admin-action";
import { db } from "@/lib/db";
import { ApiError } from "@/lib/http/api-error";
import { runDueReminders } from "@/lib/reminders/run-reminders";
import { advanceDemoClock, MAX_CLOCK_DAYS } from "@/lib/subscriptions/advance-demo-clock";

const advanceClockSchema = z.object({
  days: z.coerce
    .number({ error: "Enter a number of days" })
    .int("Enter whole days")
    .min(1, "Advance by at least 1 day")
    .max(MAX_CLOCK_DAYS, `Advance by at most ${MAX_CLOCK_DAYS} days at a time`),
});

/**
 * Admin → Demo → Advance the clock: admins only (checked first), demo payments only (the lib call
 * answers 404 anywhere else), then every term date moves, due demo subscriptions renew and the
 * expiry reminders now due are queued.
 */
export const advanceDemoClockAction = adminAction(advanceClockSchema, async ({ days }, admin) => {
  let result: Awaited<ReturnType<typeof advanceDemoClock>>;
  try {
    result = await advanceDemoClock(db, { days, actor: admin.id });
  } catch (error) {
    if (error instanceof ApiError) return { error: error.status === 404 ? "The demo clock exists only in a demo store." : error.message };
    throw error;
  }
  // The reminders now due go out at once rather than at the scheduler's next pass (up to 15 min).
  const reminders = await runDueReminders(db);
  revalidatePath("/", "layout");
  const queued = reminders.queued === 1 ? "1 expiry reminder queued" : `${reminders.queued} expiry reminders queued`;
  const renewed = result.renewed === 1 ? "1 subscription renewal" : `${result.renewed} subscription renewals`;
  const ended = result.cancelled === 1 ? "1 cancelled subscription ended" : `${result.cancelled} cancelled subscriptions ended`;
  return { ok: true, message: `The store is now ${days} ${days === 1 ? "day" : "days"} later: ${renewed}, ${ended}, ${queued} (Admin → Emails).` };
});
