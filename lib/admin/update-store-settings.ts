import type { Db } from "../db";
import { recordAuditEvent } from "../licenses/audit";
import { setLocalEnvironmentsFree } from "../licenses/store-settings";
import { normaliseSchedule, reminderSchedule, setReminderSchedule, setStoreRenewalDiscountPercent, storeRenewalDiscountPercent } from "../renewals/settings";

/** Turns "local and staging hosts take no slot" on or off, with an audit entry in the same commit. */
export async function updateLocalEnvironmentsFree(db: Db, input: { enabled: boolean; actor: string }): Promise<void> {
  await db.$transaction(async (tx) => {
    await setLocalEnvironmentsFree(tx, input.enabled);
    await recordAuditEvent(tx, {
      actor: input.actor,
      action: "settings.local_environments_free_changed",
      subject: "settings:local_environments_free",
      details: { enabled: input.enabled },
    });
  });
}

/**
 * Admin → Settings → Renewals: the store's renewal discount and the reminder schedule, with an
 * audit entry for each value that changed, all in one commit. The next reminder pass uses the new
 * schedule; reminders already queued stay queued.
 */
export async function updateRenewalSettings(db: Db, input: { discountPercent: number; schedule: number[]; actor: string }): Promise<{ changed: boolean }> {
  return db.$transaction(async (tx) => {
    const [discountBefore, scheduleBefore] = await Promise.all([storeRenewalDiscountPercent(tx), reminderSchedule(tx)]);
    const schedule = normaliseSchedule(input.schedule);
    let changed = false;
    if (discountBefore !== input.discountPercent) {
      await setStoreRenewalDiscountPercent(tx, input.discountPercent);
      await recordAuditEvent(tx, {
        actor: input.actor,
        action: "settings.renewal_discount_changed",
        subject: "settings:renewal_discount_percent",
        details: { from: discountBefore, to: input.discountPercent },
      });
      changed = true;
    }
    if (JSON.stringify(scheduleBefore) !== JSON.stringify(schedule)) {
      await setReminderSchedule(tx, schedule);
      await recordAuditEvent(tx, {
        actor: input.actor,
        action: "settings.reminder_schedule_changed",
        subject: "settings:reminder_schedule",
        details: { from: scheduleBefore, to: schedule },
      });
      changed = true;
    }
    return { changed };
  });
}
