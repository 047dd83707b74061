// Which reminder of the owner's schedule a key is due, as pure functions: the scheduler asks these
// for every candidate key, and the unit tests pin them down as tables.
import { DAY_MS } from "../renewals/terms";

/** An after-expiry reminder this many days late is not sent at all: "expired 40 days ago" helps nobody. */
export const STALE_AFTER_DAYS = 30;

/**
 * The one step due for a key expiring at `expiresAt`: the LATEST step (days relative to expiry)
 * whose moment (expiresAt + days) has come. Earlier steps missed meanwhile (the server was down,
 * the key was issued late in its term) are skipped, so a customer gets one message, never a burst.
 * Null when none has come, or the due one is stale: a before-expiry step once the key has expired
 * (its words would be wrong), an after-expiry step more than STALE_AFTER_DAYS late.
 */
export function dueReminderStep(schedule: readonly number[], expiresAt: Date, now: Date): number | null {
  let due: number | null = null;
  for (const offset of schedule) {
    if (expiresAt.getTime() + offset * DAY_MS <= now.getTime() && (due === null || offset > due)) due = offset;
  }
  if (due === null) return null;
  if (due < 0 && now.getTime() >= expiresAt.getTime()) return null;
  if (now.getTime() - (expiresAt.getTime() + due * DAY_MS) > STALE_AFTER_DAYS * DAY_MS) return null;
  return due;
}

/**
 * The expiries that can have a step due at `now` (the scheduler's indexed range on expiresAt):
 * up to the furthest before-step ahead, back to the furthest after-step plus its stale limit.
 * Null for an empty schedule (no reminders at all).
 */
export function candidateExpiryRange(schedule: readonly number[], now: Date): { from: Date; to: Date } | null {
  if (schedule.length === 0) return null;
  const maxBefore = Math.max(0, ...schedule.map((offset) => -offset));
  const maxAfter = Math.max(0, ...schedule);
  const back = maxAfter > 0 ? maxAfter + STALE_AFTER_DAYS : 0;
  return { from: new Date(now.getTime() - back * DAY_MS), to: new Date(now.getTime() + maxBefore * DAY_MS) };
}

/** What the message says: whole days until expiry (rounded up) or since it (rounded down). */
export function reminderTiming(expiresAt: Date, now: Date): { when: "before" | "after"; days: number } {
  const diff = expiresAt.getTime() - now.getTime();
  return diff > 0 ? { when: "before", days: Math.ceil(diff / DAY_MS) } : { when: "after", days: Math.floor((now.getTime() - expiresAt.getTime()) / DAY_MS) };
}
