import type { Db } from "../db";
import { adminsMustUseTwoFactor, setAdminsMustUseTwoFactor } from "../auth/two-factor-policy";
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

/**
 * Admin → Settings → "Require two-factor sign-in for admins". Turning it on is refused unless the
 * admin doing it has two-factor on (read in the transaction, not from the session), so nobody
 * locks themselves out of Admin by accident. Audited when it changes.
 */
export async function updateAdminsRequireTwoFactor(
  db: Db,
  input: { enabled: boolean; actorId: string },
): Promise<{ outcome: "changed" | "unchanged" | "own_two_factor_off" }> {
  return db.$transaction(async (tx) => {
    if (input.enabled) {
      const actor = await tx.user.findUnique({ where: { id: input.actorId }, select: { twoFactorEnabledAt: true } });
      if (!actor?.twoFactorEnabledAt) return { outcome: "own_two_factor_off" } as const;
    }
    const before = await adminsMustUseTwoFactor(tx);
    if (before === input.enabled) return { outcome: "unchanged" } as const;
    await setAdminsMustUseTwoFactor(tx, input.enabled);
    await recordAuditEvent(tx, {
      actor: input.actorId,
      action: "settings.admins_require_two_factor_changed",
      subject: "settings:admins_require_two_factor",
      details: { enabled: input.enabled },
    });
    return { outcome: "changed" } as const;
  });
}
