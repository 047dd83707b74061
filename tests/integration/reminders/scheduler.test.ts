// The scheduler in the server process: a pass shortly after start, passes that never overlap, and a
// failed pass logged without addresses or keys and retried at the next tick.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "../../../lib/db";
import { describeFailure, startReminderScheduler } from "../../../lib/reminders/scheduler";
import { openTestDatabase, type TestDatabase } from "../../helpers/test-databases";
import { soldKey } from "../renewals/helpers";

const waitFor = async (check: () => Promise<boolean> | boolean, timeoutMs = 10_000) => {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

describe("reminder scheduler", () => {
  let database: TestDatabase | undefined;
  beforeAll(async () => {
    database = await openTestDatabase("sqlite");
  });
  afterAll(async () => {
    await database?.close();
  });

  it("runs a pass shortly after start; runNow during a pass joins it instead of starting another", async () => {
    const db = database!.db;
    const sold = await soldKey(db, { expiresInDays: 5 });
    const scheduler = startReminderScheduler(db, { intervalMs: 60_000, firstRunDelayMs: 50, log: () => {} });
    try {
      await waitFor(async () => (await db.licenseReminder.count({ where: { licenseId: sold.license.id } })) === 1);
      const first = scheduler.runNow();
      expect(scheduler.runNow()).toBe(first);
      expect(await first).toEqual({ queued: 0 });
      expect(scheduler.runNow()).not.toBe(first); // a new pass once the last one is over
    } finally {
      await scheduler.stop();
    }
    expect(await db.emailMessage.count({ where: { userId: sold.customer.id, kind: "renewal_reminder" } })).toBe(1);
  });

  it("a failed pass is logged (no addresses, no keys) and retried at the next tick; stop ends the ticks", async () => {
    const broken = createDb({ provider: "sqlite", url: "file:/nonexistent-cp-store/dir/store.db", file: "/nonexistent-cp-store/dir/store.db" });
    const logged: string[] = [];
    const scheduler = startReminderScheduler(broken, { intervalMs: 100, firstRunDelayMs: 0, log: (message) => logged.push(message) });
    try {
      await waitFor(() => logged.length >= 2);
    } finally {
      await scheduler.stop();
      await broken.$disconnect().catch(() => {});
    }
    expect(logged[0]).toMatch(/^pass failed \(retried at the next one\): /);
    const count = logged.length;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(logged.length).toBe(count);
  });

  it("describeFailure keeps the code and first line, without addresses or keys", () => {
    const error = Object.assign(new Error("Unique constraint failed for jane.doe@example.org on CP-7KQ2M-AAAAA-BBBBB-CCCCC-DDDDD\nat query …"), { code: "P2002" });
    expect(describeFailure(error)).toBe("P2002: Unique constraint failed for [address] on [key]");
    expect(describeFailure("plain")).toBe("plain");
  });
});

