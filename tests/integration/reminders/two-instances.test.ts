// Several instances run the reminder pass at once: each reminder is queued exactly once, whoever
// inserts its LicenseReminder row first. Two separate Prisma clients (two "instances") on one
// PostgreSQL database, and on one SQLite file, run passes concurrently over 300 keys due the same
// 7-day reminder.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "../../../lib/db";
import type { DatabaseProvider } from "../../../lib/db/url";
import { runDueReminders } from "../../../lib/reminders/run-reminders";
import { DAY_MS } from "../../../lib/renewals/terms";
import { createCustomer, createProduct, issueTestLicense } from "../../helpers/factories";
import { openTestDatabase, postgresSkipReason, type TestDatabase } from "../../helpers/test-databases";

const skipPostgres = await postgresSkipReason();
const KEYS = 300;

for (const provider of ["postgresql", "sqlite"] as const satisfies DatabaseProvider[]) {
  const skip = provider === "postgresql" && skipPostgres !== null;
  describe.skipIf(skip)(`two instances on one ${provider} database${skip ? ` (skipped: ${skipPostgres})` : ""}`, () => {
    let database: TestDatabase | undefined;
    let second: Db | undefined;
    beforeAll(async () => {
      database = await openTestDatabase(provider);
      second = createDb(provider === "postgresql" ? { provider, url: database.url } : { provider, url: database.url, file: database.url.replace(/^file:/, "") });
    });
    afterAll(async () => {
      await second?.$disconnect();
      await database?.close();
    });

    it(`${KEYS} keys due a reminder, two concurrent passes (twice): each reminder queued exactly once`, async () => {
      const db = database!.db;
      const customer = await createCustomer(db);
      const product = await createProduct(db, { validityDays: 365 });
      const expiresAt = new Date(Date.now() + 40 * DAY_MS);
      const ids: string[] = [];
      for (let i = 0; i < KEYS; i++) ids.push((await issueTestLicense(db, { customer, product, expiresAt })).license.id);
      const now = new Date(expiresAt.getTime() - 7 * DAY_MS + 60_000);

      const started = Date.now();
      const [a, b] = await Promise.all([runDueReminders(db, now), runDueReminders(second!, now)]);
      console.info(`${provider}: two concurrent passes over ${KEYS} due keys in ${Date.now() - started} ms; queued ${a.queued} + ${b.queued}`);
      expect(a.queued + b.queued).toBe(KEYS);
      // Again, both at once, a little later: nothing is due that was not queued.
      const again = await Promise.all([runDueReminders(db, new Date(now.getTime() + 60_000)), runDueReminders(second!, new Date(now.getTime() + 60_000))]);
      expect(again).toEqual([{ queued: 0 }, { queued: 0 }]);

      const rows = await db.licenseReminder.findMany({ where: { licenseId: { in: ids } } });
      expect(rows).toHaveLength(KEYS);
      expect(new Set(rows.map((row) => row.licenseId)).size).toBe(KEYS);
      expect(rows.every((row) => row.offsetDays === -7 && row.termEnd.getTime() === expiresAt.getTime())).toBe(true);
      const messages = await db.emailMessage.findMany({ where: { userId: customer.id, kind: "renewal_reminder" }, select: { text: true } });
      expect(messages).toHaveLength(KEYS);
      const named = messages.map((message) => /\/account\/licenses\/([a-z0-9]+)/.exec(message.text)?.[1]);
      expect(new Set(named)).toEqual(new Set(ids));
    }, 240_000);
  });
}
