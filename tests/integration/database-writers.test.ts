// The app writes through two paths in one process: Prisma (accounts, admin, webhooks) and the raw
// prepared statements of the Verify hot path (lib/db/sql.ts). On SQLite they are two connections
// to one file, and SQLite admits one writer: without coordination, a Prisma transaction that read
// before a Verify write committed fails with SQLITE_BUSY_SNAPSHOT, and a Verify write that meets
// an open Prisma transaction blocks the event loop for the whole busy timeout and then fails
// (the lock holder cannot finish while the loop is blocked). Both writers must simply take turns.
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../lib/db";
import { activateEnvironment, type ActivationContext } from "../../lib/licenses/activate-environment";
import { deactivateActivation } from "../../lib/licenses/deactivate-activation";
import { deactivateActivationForCustomer } from "../../lib/licenses/deactivate-license-activation";
import { issueTestLicense, uniqueDomain } from "../helpers/factories";
import { describeEachDatabase, openTestDatabase, type TestDatabase } from "../helpers/test-databases";

function context(domain: string, now = new Date()): ActivationContext {
  return { environment: { kind: "domain", value: domain }, rawValue: domain, ip: null, userAgent: null, local: false, now };
}

const fresh = (db: Db, licenseId: string) =>
  db.license.findUniqueOrThrow({ where: { id: licenseId }, select: { id: true, activationsUsed: true } });

/** A promise and the function that resolves it: holds a transaction open at a chosen point. */
function gate() {
  let open = () => {};
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describeEachDatabase("writers sharing the database", (getDb) => {
  it("a Verify activation during a Prisma transaction that already read: both commit", async () => {
    const { license } = await issueTestLicense(getDb(), { maxActivations: 0 });
    const first = await activateEnvironment(getDb(), license, context(uniqueDomain()));
    expect(first.outcome).toBe("activated");
    const row = await getDb().activation.findFirstOrThrow({ where: { licenseId: license.id } });
    const before = await fresh(getDb(), license.id);

    const hold = gate();
    const deactivation = getDb().$transaction(async (tx) => {
      await tx.activation.findUniqueOrThrow({ where: { id: row.id } }); // the read snapshot
      await hold.opened;
      return deactivateActivation(getDb(), { activationId: row.id, actor: "test" }, tx); // then the write
    });
    await settle(20);
    const activation = activateEnvironment(getDb(), before, context(uniqueDomain()));
    await settle(20);
    hold.open();

    expect((await deactivation).outcome).toBe("deactivated");
    expect((await activation).outcome).toBe("activated");
    const used = await fresh(getDb(), license.id);
    expect(used.activationsUsed).toBe(1);
    expect(await getDb().activation.count({ where: { licenseId: license.id, deactivatedAt: null } })).toBe(1);
  });

  it("a Verify write while a Prisma transaction holds the write lock waits for it, then commits", async () => {
    const { license } = await issueTestLicense(getDb(), { maxActivations: 0 });
    const hold = gate();
    const transaction = getDb().$transaction(async (tx) => {
      await tx.license.update({ where: { id: license.id }, data: { maxActivations: 7 } }); // takes the lock
      await hold.opened;
    });
    await settle(20);
    const activation = activateEnvironment(getDb(), license, context(uniqueDomain()));
    // The event loop stays free while the Verify write waits: this timer fires and ends the hold.
    setTimeout(hold.open, 20);

    await transaction;
    expect((await activation).outcome).toBe("activated");
    const after = await getDb().license.findUniqueOrThrow({ where: { id: license.id } });
    expect({ max: after.maxActivations, used: after.activationsUsed }).toEqual({ max: 7, used: 1 });
  });

  it("customers freeing slots while sites verify: no lock error, and the counter matches the rows", async () => {
    const { license, customer } = await issueTestLicense(getDb(), { maxActivations: 0 });
    const domains = Array.from({ length: 20 }, () => uniqueDomain());
    for (const domain of domains.slice(0, 10)) await activateEnvironment(getDb(), await fresh(getDb(), license.id), context(domain));
    const rows = await getDb().activation.findMany({ where: { licenseId: license.id } });

    const results = await Promise.all([
      ...rows.map((row) => deactivateActivationForCustomer(getDb(), { licenseId: license.id, activationId: row.id, userId: customer.id })),
      ...domains.slice(10).map(async (domain) => activateEnvironment(getDb(), await fresh(getDb(), license.id), context(domain))),
    ]);

    expect(results.filter((r) => "outcome" in r && r.outcome === "deactivated")).toHaveLength(10);
    expect(results.filter((r) => "outcome" in r && r.outcome === "activated")).toHaveLength(10);
    const active = await getDb().activation.count({ where: { licenseId: license.id, deactivatedAt: null } });
    expect({ active, used: (await fresh(getDb(), license.id)).activationsUsed }).toEqual({ active: 10, used: 10 });
  });
});

describe("a Prisma transaction on SQLite", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase("sqlite");
  });
  afterAll(() => database.close());

  it("holds the write lock from its BEGIN, before it writes", async () => {
    const other = new Database(database.url.replace(/^file:/, ""), { timeout: 0 }); // another process, as far as SQLite can tell
    const hold = gate();
    try {
      const transaction = database.db.$transaction(async (tx) => {
        await tx.user.count(); // reads only
        await hold.opened;
      });
      await settle(20);
      expect(() => other.exec("BEGIN IMMEDIATE")).toThrow(/locked|busy/i);
      hold.open();
      await transaction;
      other.exec("BEGIN IMMEDIATE");
      other.exec("ROLLBACK");
    } finally {
      hold.open();
      other.close();
    }
  });
});
