import type { DbClient } from "../db";

const DISCOUNT_KEY = "renewal_discount_percent";
const SCHEDULE_KEY = "reminder_schedule";

/** Days relative to expiry: negative before, positive after. */
export const DEFAULT_REMINDER_SCHEDULE: readonly number[] = [-30, -7, 1];

/** The store's renewal discount, 0–100 % (0 until the owner sets one in Admin → Settings). */
export async function storeRenewalDiscountPercent(db: DbClient): Promise<number> {
  const row = await db.setting.findUnique({ where: { key: DISCOUNT_KEY } });
  const value = row ? Number(row.value) : 0;
  return Number.isInteger(value) && value >= 0 && value <= 100 ? value : 0;
}

export async function setStoreRenewalDiscountPercent(db: DbClient, percent: number): Promise<void> {
  if (!Number.isInteger(percent) || percent < 0 || percent > 100) throw new RangeError("The renewal discount is a whole percent from 0 to 100");
  const value = String(percent);
  await db.setting.upsert({ where: { key: DISCOUNT_KEY }, update: { value }, create: { key: DISCOUNT_KEY, value } });
}

/** The reminder schedule: distinct whole days, sorted; the default until the owner sets one. */
export async function reminderSchedule(db: DbClient): Promise<number[]> {
  const row = await db.setting.findUnique({ where: { key: SCHEDULE_KEY } });
  if (!row) return [...DEFAULT_REMINDER_SCHEDULE];
  try {
    const parsed: unknown = JSON.parse(row.value);
    if (Array.isArray(parsed) && parsed.every((day) => Number.isInteger(day))) return normaliseSchedule(parsed as number[]);
  } catch {
    // fall through to the default: a hand-edited row must not stop reminders
  }
  return [...DEFAULT_REMINDER_SCHEDULE];
}

export async function setReminderSchedule(db: DbClient, days: number[]): Promise<void> {
  const value = JSON.stringify(normaliseSchedule(days));
  await db.setting.upsert({ where: { key: SCHEDULE_KEY }, update: { value }, create: { key: SCHEDULE_KEY, value } });
}

export const normaliseSchedule = (days: number[]): number[] => [...new Set(days)].sort((a, b) => a - b);
