// The heart of the store: Max Activations holds under any concurrency. Real HTTP requests fired
// together with Promise.all at one server process, on SQLite and on PostgreSQL, and on PostgreSQL
// also at two processes sharing the database (two app instances behind a load balancer); then the
// same through activateEnvironment in-process. The database must end with exactly as many
// activations as the answers claim, and every request must get a decided answer (no 500).
import { describe, expect, it } from "vitest";
import type { Db } from "../../../lib/db";
import { activateEnvironment, type ActivationOutcome } from "../../../lib/licenses/activate-environment";
import type { VerifyResponseBody } from "../../../lib/licenses/verify-license";
import { issueTestLicense, unique, uniqueDomain } from "../../helpers/factories";
import { describeLicenseApi, useExtraServer, verify, type LicenseApiServer } from "../../helpers/license-api-server";

const MAX_ACTIVATIONS = 5;
const DOMAINS = 100;
const SAME_DOMAIN_REQUESTS = 50;

/** How many answers had each code, e.g. { VALID: 5, MAX_ACTIVATIONS_EXCEEDED: 95 }. */
function countCodes(answers: readonly { status: number; json: VerifyResponseBody }[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const answer of answers) {
    const code = answer.status === 200 ? answer.json.code : `HTTP ${answer.status}`;
    counts[code] = (counts[code] ?? 0) + 1;
  }
  return counts;
}

/** What the servers logged (a 500 logs its cause there), for failure messages. */
const serverLogs = (servers: readonly LicenseApiServer[]) => servers.map((s, i) => `server ${i} stderr:\n${s.stderr()}`).join("\n");

async function licenseState(db: Db, licenseId: string) {
  const license = await db.license.findUniqueOrThrow({ where: { id: licenseId }, select: { activationsUsed: true } });
  const active = await db.activation.findMany({ where: { licenseId, deactivatedAt: null }, select: { environment: true } });
  return { activationsUsed: license.activationsUsed, environments: active.map((a) => a.environment).sort() };
}

/** Sends request i to servers[i % servers.length], all at once. */
function fireAll(servers: readonly LicenseApiServer[], count: number, fields: (i: number) => { key: string; domain: string }) {
  return Promise.all(
    Array.from({ length: count }, (_, i) => {
      const server = servers[i % servers.length];
      if (!server) throw new Error("no server");
      return verify(server, fields(i));
    }),
  );
}

function defineScenarios(suite: { db(): Db }, servers: () => LicenseApiServer[]) {
  it(`${DOMAINS} simultaneous first verifies from ${DOMAINS} domains on a key with Max Activations ${MAX_ACTIVATIONS}: exactly ${MAX_ACTIVATIONS} VALID`, async () => {
    const { license } = await issueTestLicense(suite.db(), { maxActivations: MAX_ACTIVATIONS });
    const run = unique();
    const domains = Array.from({ length: DOMAINS }, (_, i) => `site-${i}-${run}.com`);

    const answers = await fireAll(servers(), DOMAINS, (i) => ({ key: license.key, domain: domains[i] ?? "" }));

    expect(countCodes(answers), serverLogs(servers())).toEqual({ VALID: MAX_ACTIVATIONS, MAX_ACTIVATIONS_EXCEEDED: DOMAINS - MAX_ACTIVATIONS });
    const winners = answers.filter((a) => a.json.code === "VALID");
    expect(winners.every((a) => a.json.environment.activated)).toBe(true);
    // Each winner saw its own increment: the counts 1..5, each exactly once.
    expect(winners.map((a) => a.json.activations?.used).sort()).toEqual([1, 2, 3, 4, 5]);
    const state = await licenseState(suite.db(), license.id);
    expect(state.activationsUsed).toBe(MAX_ACTIVATIONS);
    expect(state.environments).toEqual(winners.map((a) => a.json.environment.value).sort());
    // The rejected environments left no row behind.
    expect(await suite.db().activation.count({ where: { licenseId: license.id } })).toBe(MAX_ACTIVATIONS);

    // And the key stays full afterwards: the winners verify, a newcomer does not.
    const again = await fireAll(servers(), 10, (i) => ({ key: license.key, domain: domains[i] ?? "" }));
    const expected = domains.slice(0, 10).map((d) => (state.environments.includes(d) ? "VALID" : "MAX_ACTIVATIONS_EXCEEDED"));
    expect(again.map((a) => a.json.code)).toEqual(expected);
    expect((await licenseState(suite.db(), license.id)).activationsUsed).toBe(MAX_ACTIVATIONS);
  });

  it(`${SAME_DOMAIN_REQUESTS} simultaneous verifies from one new domain add exactly one activation`, async () => {
    const { license } = await issueTestLicense(suite.db(), { maxActivations: MAX_ACTIVATIONS });
    const domain = uniqueDomain();

    const answers = await fireAll(servers(), SAME_DOMAIN_REQUESTS, () => ({ key: license.key, domain }));

    expect(countCodes(answers), serverLogs(servers())).toEqual({ VALID: SAME_DOMAIN_REQUESTS });
    expect(answers.filter((a) => a.json.environment.activated)).toHaveLength(1);
    expect(await licenseState(suite.db(), license.id)).toEqual({ activationsUsed: 1, environments: [domain] });
    expect(await suite.db().activation.count({ where: { licenseId: license.id } })).toBe(1);
  });

  it("a one-slot key raced by many domains AND a repeated domain still ends with one activation", async () => {
    const { license } = await issueTestLicense(suite.db(), { maxActivations: 1 });
    const run = unique();
    const answers = await fireAll(servers(), 60, (i) => ({ key: license.key, domain: `race-${i % 3}-${run}.com` }));
    const state = await licenseState(suite.db(), license.id);
    expect(state.activationsUsed).toBe(1);
    expect(state.environments).toHaveLength(1);
    const [winner] = state.environments;
    for (const answer of answers) {
      expect(answer.status, serverLogs(servers())).toBe(200);
      expect(answer.json.code).toBe(answer.json.environment.value === winner ? "VALID" : "MAX_ACTIVATIONS_EXCEEDED");
    }
    expect(answers.filter((a) => a.json.environment.activated)).toHaveLength(1);
  });
}

describeLicenseApi("Verify API under concurrency", (suite) => {
  describe("one server process", () => {
    defineScenarios(suite, () => [suite.server()]);
  });

  // Two app instances behind a load balancer: the production set-up on PostgreSQL. (SQLite is
  // the single-instance engine: two processes bursting writes at one file wait on its write lock
  // and can hit the 5 s busy timeout, so that shape is not a supported deployment.)
  if (suite.provider === "postgresql") {
    describe("two server processes on one database", () => {
      const second = useExtraServer(suite, {});
      defineScenarios(suite, () => [suite.server(), second()]);
    });
  }

  describe("activateEnvironment called concurrently in-process", () => {
    const context = (domain: string) => ({
      environment: { kind: "domain" as const, value: domain },
      rawValue: domain,
      ip: "203.0.113.1",
      userAgent: "test",
      local: false,
      now: new Date(),
    });
    /** Outcome counts; a call that threw counts under its error's last line (so a failure says why). */
    const outcomes = (results: readonly PromiseSettledResult<ActivationOutcome>[]) => {
      const counts: Record<string, number> = {};
      for (const result of results) {
        const reason = result.status === "rejected" ? `threw: ${String(result.reason).trim().split("\n").pop()}` : undefined;
        const key = result.status === "fulfilled" ? result.value.outcome : (reason ?? "threw");
        counts[key] = (counts[key] ?? 0) + 1;
      }
      return counts;
    };

    it(`${DOMAINS} new domains, Max Activations ${MAX_ACTIVATIONS}: exactly ${MAX_ACTIVATIONS} activated`, async () => {
      const { license } = await issueTestLicense(suite.db(), { maxActivations: MAX_ACTIVATIONS });
      const run = unique();
      const results = await Promise.allSettled(
        Array.from({ length: DOMAINS }, (_, i) => activateEnvironment(suite.db(), license, context(`app-${i}-${run}.com`))),
      );
      expect(outcomes(results)).toEqual({ activated: MAX_ACTIVATIONS, full: DOMAINS - MAX_ACTIVATIONS });
      expect((await licenseState(suite.db(), license.id)).activationsUsed).toBe(MAX_ACTIVATIONS);
      expect(await suite.db().activation.count({ where: { licenseId: license.id, deactivatedAt: null } })).toBe(MAX_ACTIVATIONS);
    });

    it(`${SAME_DOMAIN_REQUESTS} calls for one new domain: one activated, the rest known`, async () => {
      const { license } = await issueTestLicense(suite.db(), { maxActivations: MAX_ACTIVATIONS });
      const domain = uniqueDomain();
      const results = await Promise.allSettled(
        Array.from({ length: SAME_DOMAIN_REQUESTS }, () => activateEnvironment(suite.db(), license, context(domain))),
      );
      expect(outcomes(results)).toEqual({ activated: 1, known: SAME_DOMAIN_REQUESTS - 1 });
      expect(await licenseState(suite.db(), license.id)).toEqual({ activationsUsed: 1, environments: [domain] });
    });
  });
});
