// Admin → Settings → Renewals on SQLite and PostgreSQL, through the action's own parsing
// (validatedAction with the form's schema) and update: good input is saved with one audit entry per
// changed value; bad input gets a message on its field and changes nothing.
import { expect, it } from "vitest";
import type { Db } from "../../../lib/db";
import { reminderScheduleFields, renewalSettingsFormSchema } from "../../../lib/admin/settings-schemas";
import { updateRenewalSettings } from "../../../lib/admin/update-store-settings";
import { validatedAction } from "../../../lib/http/validated-action";
import { DEFAULT_REMINDER_SCHEDULE, reminderSchedule, storeRenewalDiscountPercent } from "../../../lib/renewals/settings";
import { describeEachDatabase } from "../../helpers/test-databases";

const save = (db: Db) =>
  validatedAction(renewalSettingsFormSchema, async (data) => {
    const { changed } = await updateRenewalSettings(db, { ...data, actor: "admin-1" });
    return { ok: true, message: changed ? "changed" : "unchanged" };
  });

function form(fields: { discount?: string; before?: string; after?: string }) {
  const data = new FormData();
  data.set("renewalDiscountPercent", fields.discount ?? "0");
  data.set("reminderDaysBefore", fields.before ?? "30, 7");
  data.set("reminderDaysAfter", fields.after ?? "1");
  return data;
}

const stateOf = async (db: Db) => ({
  discount: await storeRenewalDiscountPercent(db),
  schedule: await reminderSchedule(db),
  settingsAudits: await db.auditEvent.count({ where: { action: { startsWith: "settings." } } }),
});

describeEachDatabase("Admin → Settings → Renewals", (getDb) => {
  it("the defaults until saved: no discount, 30 and 7 days before, 1 after", async () => {
    const db = getDb();
    expect(await stateOf(db)).toEqual({ discount: 0, schedule: [...DEFAULT_REMINDER_SCHEDULE], settingsAudits: 0 });
    expect(reminderScheduleFields(await reminderSchedule(db))).toEqual({ before: "30, 7", after: "1" });
  });

  it("saves the discount and the schedule (any order, spaces or commas, repeats once), each change audited once", async () => {
    const db = getDb();
    const result = await save(db)({}, form({ discount: " 15 ", before: "7,30 14 7", after: "3, 1" }));
    expect(result).toEqual({ ok: true, message: "changed" });
    expect(await stateOf(db)).toEqual({ discount: 15, schedule: [-30, -14, -7, 1, 3], settingsAudits: 2 });
    expect(reminderScheduleFields(await reminderSchedule(db))).toEqual({ before: "30, 14, 7", after: "1, 3" });
    const audits = await db.auditEvent.findMany({ where: { action: { startsWith: "settings." } }, orderBy: { action: "asc" } });
    expect(audits.map((audit) => [audit.action, audit.actor, JSON.parse(audit.details ?? "null")])).toEqual([
      ["settings.reminder_schedule_changed", "admin-1", { from: [-30, -7, 1], to: [-30, -14, -7, 1, 3] }],
      ["settings.renewal_discount_changed", "admin-1", { from: 0, to: 15 }],
    ]);

    // The same values again: nothing to audit. Then only the discount.
    expect(await save(db)({}, form({ discount: "15", before: "30, 14, 7", after: "1, 3" }))).toEqual({ ok: true, message: "unchanged" });
    expect((await stateOf(db)).settingsAudits).toBe(2);
    await save(db)({}, form({ discount: "100", before: "30, 14, 7", after: "1, 3" }));
    expect(await stateOf(db)).toEqual({ discount: 100, schedule: [-30, -14, -7, 1, 3], settingsAudits: 3 });
  });

  it("empty fields: no reminders at all", async () => {
    const db = getDb();
    expect(await save(db)({}, form({ discount: "0", before: "", after: "  " }))).toMatchObject({ ok: true });
    expect((await stateOf(db)).schedule).toEqual([]);
    expect(reminderScheduleFields([])).toEqual({ before: "", after: "" });
  });

  it.each([
    ["a discount over 100", { discount: "101" }, "renewalDiscountPercent", "Enter a whole percent from 0 to 100"],
    ["a negative discount", { discount: "-5" }, "renewalDiscountPercent", "Enter a whole percent from 0 to 100"],
    ["a fractional discount", { discount: "12.5" }, "renewalDiscountPercent", "Enter a whole percent from 0 to 100"],
    ["an empty discount", { discount: "" }, "renewalDiscountPercent", "Enter a whole percent from 0 to 100"],
    ["day 0 before", { before: "30, 0" }, "reminderDaysBefore", "Whole days from 1 to 365, separated by commas (e.g. 30, 7), or empty for none"],
    ["366 days before", { before: "366" }, "reminderDaysBefore", "Whole days from 1 to 365, separated by commas (e.g. 30, 7), or empty for none"],
    ["words after", { after: "1 day" }, "reminderDaysAfter", "Whole days from 1 to 365, separated by commas (e.g. 30, 7), or empty for none"],
    ["a fraction after", { after: "1.5" }, "reminderDaysAfter", "Whole days from 1 to 365, separated by commas (e.g. 30, 7), or empty for none"],
    ["a negative day after", { after: "-1" }, "reminderDaysAfter", "Whole days from 1 to 365, separated by commas (e.g. 30, 7), or empty for none"],
    ["seven reminders", { before: "60, 30, 14, 7, 3", after: "1, 7" }, "reminderDaysBefore", "At most 6 reminders in all, before and after expiry"],
  ] as const)("refuses %s on its field and changes nothing", async (_name, fields, field, message) => {
    const db = getDb();
    const before = await stateOf(db);
    const result = await save(db)({}, form({ discount: "20", before: "45", after: "2", ...fields }));
    expect(result.ok).toBeUndefined();
    expect(result.error).toBe("Please correct the highlighted fields.");
    expect(result.fieldErrors).toEqual({ [field]: message });
    expect(await stateOf(db)).toEqual(before);
  });
});
