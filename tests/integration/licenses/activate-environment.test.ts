// activateEnvironment and deactivateActivation, called directly: the allow-list rules and the
// invariant behind them, that Activations Used always equals the number of active environments
// that take a slot, including when activations, repeats and deactivations race.
import { expect, it } from "vitest";
import type { Db } from "../../../lib/db";
import { activateEnvironment, LAST_SEEN_REFRESH_MS, type ActivationContext } from "../../../lib/licenses/activate-environment";
import { deactivateActivation as deactivate } from "../../../lib/licenses/deactivate-activation";
import { issueTestLicense, unique, uniqueDomain } from "../../helpers/factories";
import { describeEachDatabase } from "../../helpers/test-databases";

const T0 = new Date("2025-06-01T10:00:00.000Z");
const at = (ms: number) => new Date(T0.getTime() + ms);

function context(domain: string, fields: Partial<ActivationContext> = {}): ActivationContext {
  return {
    environment: { kind: "domain", value: domain },
    rawValue: `https://www.${domain}/`,
    ip: "203.0.113.10",
    userAgent: "WordPress/6.8",
    local: false,
    now: T0,
    ...fields,
  };
}

/** Frees the slot through the one deactivation rule; true when this call freed it. */
const deactivateActivation = (db: Db, activationId: string, now?: Date) =>
  deactivate(db, { activationId, actor: "test", now }).then((result) => result.outcome === "deactivated");

/** The counter and the rows it summarises must always agree. */
async function expectConsistent(db: Db, licenseId: string, expectedUsed: number) {
  const license = await db.license.findUniqueOrThrow({ where: { id: licenseId } });
  const counted = await db.activation.count({ where: { licenseId, deactivatedAt: null, local: false } });
  expect({ activationsUsed: license.activationsUsed, counted }).toEqual({ activationsUsed: expectedUsed, counted: expectedUsed });
}

/** activateEnvironment reads the counter from the license the caller loaded: reload it first. */
async function fresh(db: Db, licenseId: string) {
  return db.license.findUniqueOrThrow({ where: { id: licenseId }, select: { id: true, activationsUsed: true } });
}

describeEachDatabase("activateEnvironment", (getDb) => {
  it("adds a new environment with what the client sent, and counts it once", async () => {
    const { license } = await issueTestLicense(getDb(), { maxActivations: 2 });
    const domain = uniqueDomain();
    expect(await activateEnvironment(getDb(), license, context(domain))).toEqual({ outcome: "activated", activationsUsed: 1, local: false });
    expect(await activateEnvironment(getDb(), await fresh(getDb(), license.id), context(domain))).toEqual({
      outcome: "known",
      activationsUsed: 1,
      local: false,
    });
    const row = await getDb().activation.findFirstOrThrow({ where: { licenseId: license.id } });
    expect(row).toMatchObject({
      environment: domain,
      kind: "domain",
      rawValue: `https://www.${domain}/`,
      ip: "203.0.113.10",
      userAgent: "WordPress/6.8",
      local: false,
      firstSeenAt: T0,
      lastSeenAt: T0,
      deactivatedAt: null,
    });
    await expectConsistent(getDb(), license.id, 1);
  });

  it.each([
    [0, false],
    [30_000, false],
    [LAST_SEEN_REFRESH_MS - 1, false],
    [LAST_SEEN_REFRESH_MS + 1, true],
    [3_600_000, true],
  ])("a repeat %i ms later refreshes lastSeenAt: %s", async (later, refreshed) => {
    const { license } = await issueTestLicense(getDb());
    const domain = uniqueDomain();
    await activateEnvironment(getDb(), license, context(domain));
    const licenseBefore = await getDb().license.findUniqueOrThrow({ where: { id: license.id } });

    const result = await activateEnvironment(getDb(), await fresh(getDb(), license.id), context(domain, { now: at(later) }));
    expect(result.outcome).toBe("known");
    const row = await getDb().activation.findFirstOrThrow({ where: { licenseId: license.id } });
    expect(row.lastSeenAt).toEqual(refreshed ? at(later) : T0);
    expect(row.firstSeenAt).toEqual(T0);
    expect(await getDb().license.findUniqueOrThrow({ where: { id: license.id } })).toEqual(licenseBefore);
  });

  it("refuses a new environment on a full key and records nothing", async () => {
    const { license } = await issueTestLicense(getDb(), { maxActivations: 1 });
    await activateEnvironment(getDb(), license, context(uniqueDomain()));
    const refused = await activateEnvironment(getDb(), await fresh(getDb(), license.id), context(uniqueDomain()));
    expect(refused).toEqual({ outcome: "full", activationsUsed: 1, local: false });
    expect(await getDb().activation.count({ where: { licenseId: license.id } })).toBe(1);
    await expectConsistent(getDb(), license.id, 1);
  });

  it("records a local environment without taking a slot, even on a full key", async () => {
    const { license } = await issueTestLicense(getDb(), { maxActivations: 1 });
    await activateEnvironment(getDb(), license, context(uniqueDomain()));
    const local = await activateEnvironment(getDb(), await fresh(getDb(), license.id), context("staging.test", { local: true }));
    expect(local).toEqual({ outcome: "activated", activationsUsed: 1, local: true });
    const repeat = await activateEnvironment(getDb(), await fresh(getDb(), license.id), context("staging.test", { local: true }));
    expect(repeat).toMatchObject({ outcome: "known", local: true });
    await expectConsistent(getDb(), license.id, 1);
  });

  it("never refuses an unlimited key (Max Activations 0)", async () => {
    const { license } = await issueTestLicense(getDb(), { maxActivations: 0 });
    for (let i = 1; i <= 12; i++) {
      const result = await activateEnvironment(getDb(), await fresh(getDb(), license.id), context(uniqueDomain()));
      expect(result).toEqual({ outcome: "activated", activationsUsed: i, local: false });
    }
    await expectConsistent(getDb(), license.id, 12);
  });

  it("deactivateActivation frees the slot once; the row stays; the environment can come back", async () => {
    const { license } = await issueTestLicense(getDb(), { maxActivations: 1 });
    const domain = uniqueDomain();
    await activateEnvironment(getDb(), license, context(domain));
    const row = await getDb().activation.findFirstOrThrow({ where: { licenseId: license.id } });

    expect(await deactivateActivation(getDb(), row.id, at(1000))).toBe(true);
    expect(await deactivateActivation(getDb(), row.id, at(2000))).toBe(false);
    expect(await deactivateActivation(getDb(), "no-such-activation")).toBe(false);
    expect((await getDb().activation.findUniqueOrThrow({ where: { id: row.id } })).deactivatedAt).toEqual(at(1000));
    await expectConsistent(getDb(), license.id, 0);

    const back = await activateEnvironment(getDb(), await fresh(getDb(), license.id), context(domain, { now: at(5000) }));
    expect(back).toEqual({ outcome: "activated", activationsUsed: 1, local: false });
    expect(await getDb().activation.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({ deactivatedAt: null, lastSeenAt: at(5000), firstSeenAt: T0 });
    expect(await getDb().activation.count({ where: { licenseId: license.id } })).toBe(1);
    await expectConsistent(getDb(), license.id, 1);
  });

  it("a freed environment cannot come back while its slot is taken by another", async () => {
    const { license } = await issueTestLicense(getDb(), { maxActivations: 1 });
    const [first, second] = [uniqueDomain(), uniqueDomain()];
    await activateEnvironment(getDb(), license, context(first));
    const row = await getDb().activation.findFirstOrThrow({ where: { licenseId: license.id } });
    await deactivateActivation(getDb(), row.id);
    await activateEnvironment(getDb(), await fresh(getDb(), license.id), context(second));

    const refused = await activateEnvironment(getDb(), await fresh(getDb(), license.id), context(first));
    expect(refused.outcome).toBe("full");
    expect((await getDb().activation.findUniqueOrThrow({ where: { id: row.id } })).deactivatedAt).not.toBeNull();
    await expectConsistent(getDb(), license.id, 1);
  });

  it("deactivating a local environment leaves the counter alone", async () => {
    const { license } = await issueTestLicense(getDb(), { maxActivations: 2 });
    await activateEnvironment(getDb(), license, context(uniqueDomain()));
    await activateEnvironment(getDb(), await fresh(getDb(), license.id), context("localhost", { local: true }));
    const local = await getDb().activation.findFirstOrThrow({ where: { licenseId: license.id, environment: "localhost" } });
    expect(await deactivateActivation(getDb(), local.id)).toBe(true);
    await expectConsistent(getDb(), license.id, 1);
  });

  it("races: 10 concurrent deactivations of one environment free exactly one slot", async () => {
    const { license } = await issueTestLicense(getDb(), { maxActivations: 3 });
    for (const domain of [uniqueDomain(), uniqueDomain()]) await activateEnvironment(getDb(), await fresh(getDb(), license.id), context(domain));
    const [row] = await getDb().activation.findMany({ where: { licenseId: license.id } });
    if (!row) throw new Error("no activation");
    const results = await Promise.all(Array.from({ length: 10 }, () => deactivateActivation(getDb(), row.id)));
    expect(results.filter(Boolean)).toHaveLength(1);
    await expectConsistent(getDb(), license.id, 1);
  });

  it("races: 20 concurrent returns of one freed environment take one slot", async () => {
    const { license } = await issueTestLicense(getDb(), { maxActivations: 2 });
    const domain = uniqueDomain();
    await activateEnvironment(getDb(), license, context(domain));
    const row = await getDb().activation.findFirstOrThrow({ where: { licenseId: license.id } });
    await deactivateActivation(getDb(), row.id);
    const stale = await fresh(getDb(), license.id);
    const results = await Promise.all(Array.from({ length: 20 }, () => activateEnvironment(getDb(), stale, context(domain))));
    expect(results.filter((r) => r.outcome === "activated")).toHaveLength(1);
    expect(results.filter((r) => r.outcome === "known")).toHaveLength(19);
    await expectConsistent(getDb(), license.id, 1);
  });

  it("races: deactivations and new environments together never exceed the limit or drift the counter", async () => {
    const { license } = await issueTestLicense(getDb(), { maxActivations: 3 });
    const run = unique();
    for (let i = 0; i < 3; i++) await activateEnvironment(getDb(), await fresh(getDb(), license.id), context(`old-${i}-${run}.com`));
    const rows = await getDb().activation.findMany({ where: { licenseId: license.id } });
    const stale = await fresh(getDb(), license.id);

    const results = await Promise.all([
      ...rows.map((row) => deactivateActivation(getDb(), row.id).then((freed) => (freed ? "freed" : "not freed"))),
      ...Array.from({ length: 30 }, (_, i) => activateEnvironment(getDb(), stale, context(`new-${i}-${run}.com`)).then((r) => r.outcome)),
    ]);
    const activated = results.filter((r) => r === "activated").length;
    expect(results.filter((r) => r === "freed")).toHaveLength(3);
    expect(activated).toBeLessThanOrEqual(3);
    await expectConsistent(getDb(), license.id, activated);
  });
});
