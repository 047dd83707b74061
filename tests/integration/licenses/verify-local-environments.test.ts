// The "local environments are free" store setting. Off by default: `localhost` is a site like any
// other. On: local and staging hosts verify without taking a slot and are recorded as local,
// decided by the server from the environment alone, never from anything the client claims.
import { expect, it } from "vitest";
import { setLocalEnvironmentsFree } from "../../../lib/licenses/store-settings";
import { issueTestLicense, uniqueDomain } from "../../helpers/factories";
import { callApi, describeLicenseApi, verify, VERIFY_PATH } from "../../helpers/license-api-server";

describeLicenseApi("Verify API: local environments, setting off (the default)", (suite) => {
  it("lets localhost take a slot like any site", async () => {
    const { license } = await issueTestLicense(suite.db(), { maxActivations: 1 });
    const local = await verify(suite.server(), { key: license.key, domain: "localhost" });
    expect(local.json).toMatchObject({
      code: "VALID",
      activations: { used: 1, remaining: 0 },
      environment: { value: "localhost", activated: true, local: false },
    });
    const staging = await verify(suite.server(), { key: license.key, domain: "staging.test" });
    expect(staging.json.code).toBe("MAX_ACTIVATIONS_EXCEEDED");
    const row = await suite.db().activation.findFirstOrThrow({ where: { licenseId: license.id } });
    expect(row.local).toBe(false);
  });

  it("ignores a client claiming to be local", async () => {
    const { license } = await issueTestLicense(suite.db(), { maxActivations: 2 });
    const answer = await callApi(suite.server(), VERIFY_PATH, { json: { key: license.key, domain: uniqueDomain(), local: true } });
    expect(answer.json).toMatchObject({ code: "VALID", activations: { used: 1 }, environment: { local: false } });
  });
});

describeLicenseApi(
  "Verify API: local environments, setting on",
  (suite) => {
    const localHosts: [string, string, "domain" | "ip"][] = [
      ["staging.test", "staging.test", "domain"],
      ["localhost", "localhost", "domain"],
      ["http://localhost:8080/wp", "localhost", "domain"],
      ["shop.localhost", "shop.localhost", "domain"],
      ["my-site.local", "my-site.local", "domain"],
      ["demo.example", "demo.example", "domain"],
      ["192.168.1.5", "192.168.1.5", "ip"],
      ["10.1.2.3", "10.1.2.3", "ip"],
      ["172.16.0.9", "172.16.0.9", "ip"],
      ["127.0.0.1", "127.0.0.1", "ip"],
      ["[::1]", "::1", "ip"],
      ["[fd00::5]", "fd00::5", "ip"],
    ];

    it("verifies every local and staging host without taking a slot, recording each as local", async () => {
      const { license } = await issueTestLicense(suite.db(), { maxActivations: 1 });
      for (const [domain, value, kind] of localHosts) {
        const answer = await verify(suite.server(), { key: license.key, domain });
        expect(answer.json, domain).toMatchObject({
          code: "VALID",
          activations: { used: 0, max: 1, remaining: 1 },
          environment: { value, kind, local: true },
        });
      }
      const rows = await suite.db().activation.findMany({ where: { licenseId: license.id } });
      expect(new Set(rows.map((r) => r.environment))).toEqual(new Set(localHosts.map(([, value]) => value)));
      expect(rows.every((r) => r.local)).toBe(true);
      expect((await suite.db().license.findUniqueOrThrow({ where: { id: license.id } })).activationsUsed).toBe(0);
    });

    it("still verifies local hosts once a live site has taken the only slot", async () => {
      const { license } = await issueTestLicense(suite.db(), { maxActivations: 1 });
      const live = await verify(suite.server(), { key: license.key, domain: uniqueDomain() });
      expect(live.json).toMatchObject({ code: "VALID", activations: { used: 1 }, environment: { local: false } });
      expect((await verify(suite.server(), { key: license.key, domain: uniqueDomain() })).json.code).toBe("MAX_ACTIVATIONS_EXCEEDED");

      const first = await verify(suite.server(), { key: license.key, domain: "staging.test" });
      const repeat = await verify(suite.server(), { key: license.key, domain: "staging.test" });
      expect([first.json, repeat.json]).toMatchObject([
        { code: "VALID", activations: { used: 1, remaining: 0 }, environment: { local: true, activated: true } },
        { code: "VALID", activations: { used: 1, remaining: 0 }, environment: { local: true, activated: false } },
      ]);
    });

    it("treats the socket address 127.0.0.1 (no domain) as local", async () => {
      const { license } = await issueTestLicense(suite.db(), { maxActivations: 1 });
      const answer = await verify(suite.server(), { key: license.key });
      expect(answer.json).toMatchObject({ code: "VALID", activations: { used: 0 }, environment: { value: "127.0.0.1", local: true } });
    });

    it.each(["example.com", "203.0.113.5", "test.com", "local.example.org"])("counts a public host (%s) as usual", async (domain) => {
      const { license } = await issueTestLicense(suite.db(), { maxActivations: 2 });
      const answer = await verify(suite.server(), { key: license.key, domain });
      expect(answer.json).toMatchObject({ code: "VALID", activations: { used: 1 }, environment: { local: false } });
    });

    it("deactivating a local host frees no counted slot", async () => {
      const { license } = await issueTestLicense(suite.db(), { maxActivations: 1 });
      await verify(suite.server(), { key: license.key, domain: uniqueDomain() });
      await verify(suite.server(), { key: license.key, domain: "localhost" });
      const answer = await callApi(suite.server(), "/api/v1/licenses/deactivate", { json: { key: license.key, domain: "localhost" } });
      expect(answer.json).toMatchObject({ code: "DEACTIVATED" });
      expect((await suite.db().license.findUniqueOrThrow({ where: { id: license.id } })).activationsUsed).toBe(1);
    });
  },
  { prepare: (db) => setLocalEnvironmentsFree(db, true) },
);
