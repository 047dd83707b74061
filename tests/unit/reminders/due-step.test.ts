// Which step of the schedule a key is due, as a table: the latest step whose moment has come,
// earlier missed ones skipped, before-steps never once the key has expired, after-steps never
// more than 30 days late; and the expiry range a pass reads.
import { describe, expect, it } from "vitest";
import { candidateExpiryRange, dueReminderStep, reminderTiming, STALE_AFTER_DAYS } from "../../../lib/reminders/due-step";

const DAY = 24 * 60 * 60 * 1000;
const expiresAt = new Date("2027-06-30T12:00:00Z");
/** `days` relative to the expiry (negative = before), plus `ms`. */
const at = (days: number, ms = 0) => new Date(expiresAt.getTime() + days * DAY + ms);
const DEFAULT = [-30, -7, 1];

describe("dueReminderStep", () => {
  it.each([
    ["40 days before: nothing yet", DEFAULT, at(-40), null],
    ["a millisecond before the 30-day moment", DEFAULT, at(-30, -1), null],
    ["exactly 30 days before", DEFAULT, at(-30), -30],
    ["20 days before: still the 30-day step (sent once, by the ledger)", DEFAULT, at(-20), -30],
    ["exactly 7 days before", DEFAULT, at(-7), -7],
    ["an hour before expiry", DEFAULT, at(0, -3600_000), -7],
    ["at expiry: the before-steps are over, the after-step not yet due", DEFAULT, at(0), null],
    ["half a day after", DEFAULT, at(0.5), null],
    ["exactly a day after", DEFAULT, at(1), 1],
    ["30 days after the 1-day moment: still sent", DEFAULT, at(1 + STALE_AFTER_DAYS), 1],
    ["more than 30 days after the 1-day moment: stale", DEFAULT, at(1 + STALE_AFTER_DAYS, 1), null],
    ["down from 35 to 3 days before: only the 7-day step, not a burst", DEFAULT, at(-3), -7],
    ["a key issued 10 days before its expiry: the 30-day step it missed is still the latest", DEFAULT, at(-10), -30],
    ["an unsorted schedule with duplicates", [1, -7, -30, -7], at(-6), -7],
    ["two after-steps: the later one once due", [-7, 1, 14], at(15), 14],
    ["only after-steps, before expiry", [3], at(-1), null],
    ["a day-0 step at expiry", [0], at(0), 0],
    ["an empty schedule", [], at(1), null],
  ] as const)("%s", (_name, schedule, now, expected) => {
    expect(dueReminderStep(schedule, expiresAt, now)).toBe(expected);
  });
});

describe("candidateExpiryRange", () => {
  const now = new Date("2027-01-01T00:00:00Z");
  const days = (range: { from: Date; to: Date } | null) => range && { from: (range.from.getTime() - now.getTime()) / DAY, to: (range.to.getTime() - now.getTime()) / DAY };

  it.each([
    ["the default schedule", DEFAULT, { from: -(1 + STALE_AFTER_DAYS), to: 30 }],
    ["before-steps only: from now", [-60, -14], { from: 0, to: 60 }],
    ["after-steps only: up to now", [2, 10], { from: -(10 + STALE_AFTER_DAYS), to: 0 }],
    ["no steps: no pass", [], null],
  ] as const)("%s", (_name, schedule, expected) => {
    expect(days(candidateExpiryRange(schedule, now))).toEqual(expected);
  });
});

describe("reminderTiming", () => {
  it.each([
    [at(-7), { when: "before", days: 7 }],
    [at(-7, 15 * 60_000), { when: "before", days: 7 }],
    [at(0, -1), { when: "before", days: 1 }],
    [at(0), { when: "after", days: 0 }],
    [at(1), { when: "after", days: 1 }],
    [at(1, 15 * 60_000), { when: "after", days: 1 }],
  ] as const)("at %s", (now, expected) => {
    expect(reminderTiming(expiresAt, now)).toEqual(expected);
  });
});
