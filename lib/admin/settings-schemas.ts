import { z } from "zod";

/** Admin → Settings. A checkbox is absent from the form when it is off. */
export const storeSettingsFormSchema = z.object({
  localEnvironmentsFree: z
    .enum(["on", "true"])
    .optional()
    .transform((value) => value !== undefined),
});

/** Admin → Settings → Sign-in: "Require two-factor sign-in for admins" (a checkbox). */
export const adminTwoFactorFormSchema = z.object({
  adminsRequireTwoFactor: z
    .enum(["on", "true"])
    .optional()
    .transform((value) => value !== undefined),
});

/** How many reminders a key's term may have in all, and how far from expiry each may be. */
export const MAX_REMINDER_STEPS = 6;
export const MAX_REMINDER_DAYS = 365;

const DAYS_MESSAGE = `Whole days from 1 to ${MAX_REMINDER_DAYS}, separated by commas (e.g. 30, 7), or empty for none`;

/** "30, 7" → [30, 7]; "" → []; anything else (a word, 0, 366, 1.5) → a field error. */
const reminderDays = z
  .string()
  .trim()
  .max(200, DAYS_MESSAGE)
  .default("")
  .transform((value, context) => {
    const parts = value === "" ? [] : value.split(/[\s,]+/).filter(Boolean);
    const days = parts.map((part) => (/^\d{1,3}$/.test(part) ? Number(part) : NaN));
    if (days.some((day) => !(day >= 1 && day <= MAX_REMINDER_DAYS))) {
      context.addIssue({ code: "custom", message: DAYS_MESSAGE });
      return z.NEVER;
    }
    return [...new Set(days)];
  });

/**
 * Admin → Settings → Renewals: the store's renewal discount (a whole percent) and the reminder
 * schedule as days before and after expiry. Out: the discount and the schedule as days relative
 * to expiry (negative before), as lib/renewals/settings.ts stores it.
 */
export const renewalSettingsFormSchema = z
  .object({
    renewalDiscountPercent: z
      .string()
      .trim()
      .regex(/^\d{1,3}$/, "Enter a whole percent from 0 to 100")
      .transform(Number)
      .refine((percent) => percent <= 100, "Enter a whole percent from 0 to 100"),
    reminderDaysBefore: reminderDays,
    reminderDaysAfter: reminderDays,
  })
  .superRefine((data, context) => {
    if (data.reminderDaysBefore.length + data.reminderDaysAfter.length > MAX_REMINDER_STEPS) {
      context.addIssue({ code: "custom", path: ["reminderDaysBefore"], message: `At most ${MAX_REMINDER_STEPS} reminders in all, before and after expiry` });
    }
  })
  .transform((data) => ({
    discountPercent: data.renewalDiscountPercent,
    schedule: [...data.reminderDaysBefore.map((day) => -day), ...data.reminderDaysAfter],
  }));

/** The schedule as the form shows it: days before (furthest first) and after, as "30, 7" and "1". */
export function reminderScheduleFields(schedule: readonly number[]): { before: string; after: string } {
  return {
    before: schedule.filter((day) => day < 0).sort((a, b) => a - b).map((day) => -day).join(", "),
    after: schedule.filter((day) => day > 0).sort((a, b) => a - b).join(", "),
  };
}
