// POST /api/v1/licenses/deactivate and revoked keys: a revoked key's activations are frozen, so
// the installed product gets a decided REVOKED answer (like Verify's) and nothing changes, also
// when the revoke commits while the deactivation waits; every deactivation it makes is audited.
import { expect, it } from "vitest";
import type { Db } from "../../../lib/db";
import { revokeLicense } from "../../../lib/licenses/revoke-license";
import { issueTestLicense, uniqueDomain } from "../../helpers/factories";
import { deactivate, describeLicenseApi, verify } from "../../helpers/license-api-server";
import { deactivateDuringRevoke } from "../../helpers/revoke-race";

const REVOKED = { success: false, code: "REVOKED", message: "License has been revoked" };

async function expectSlotKept(db: Db, licenseId: string, domain: string) {
  expect((await db.activation.findFirstOrThrow({ where: { licenseId, environment: domain } })).deactivatedAt).toBeNull();
  expect((await db.license.findUniqueOrThrow({ where: { id: licenseId } })).activationsUsed).toBe(1);
  expect(await db.auditEvent.count({ where: { subject: `license:${licenseId}`, action: "license.activation_deactivated" } })).toBe(0);
}

describeLicenseApi("Deactivate: revoked keys and the audit trail", (suite) => {
  it("answers REVOKED for a revoked key's activation and frees nothing", async () => {
    const { license } = await issueTestLicense(suite.db(), { maxActivations: 2 });
    const domain = uniqueDomain();
    expect((await verify(suite.server(), { key: license.key, domain })).json.code).toBe("VALID");
    await revokeLicense(suite.db(), { licenseId: license.id, actor: "admin-1" });

    const answer = await deactivate(suite.server(), { key: license.key, domain });
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({ ...REVOKED, environment: { kind: "domain", value: domain } });
    await expectSlotKept(suite.db(), license.id, domain);
    // First match wins, as in Verify: a revoked key is REVOKED whatever the environment.
    expect((await deactivate(suite.server(), { key: license.key, domain: uniqueDomain() })).json).toMatchObject(REVOKED);
  });

  it("answers REVOKED when the revoke commits while the deactivation waits", async () => {
    const { license } = await issueTestLicense(suite.db(), { maxActivations: 2 });
    const domain = uniqueDomain();
    expect((await verify(suite.server(), { key: license.key, domain })).json.code).toBe("VALID");

    const answer = await deactivateDuringRevoke(suite.db(), suite.provider, license.id, () =>
      deactivate(suite.server(), { key: license.key, domain }),
    );
    expect(answer.json).toMatchObject(REVOKED);
    await expectSlotKept(suite.db(), license.id, domain);
  });

  it("audits a deactivation: actor public-api, the environment and the client IP", async () => {
    const { license } = await issueTestLicense(suite.db(), { maxActivations: 2 });
    const domain = uniqueDomain();
    await verify(suite.server(), { key: license.key, domain });
    const activation = await suite.db().activation.findFirstOrThrow({ where: { licenseId: license.id } });

    expect((await deactivate(suite.server(), { key: license.key, domain })).json.code).toBe("DEACTIVATED");
    const events = await suite.db().auditEvent.findMany({ where: { subject: `license:${license.id}`, action: "license.activation_deactivated" } });
    expect(events.map((e) => ({ actor: e.actor, details: JSON.parse(e.details ?? "null") as unknown }))).toEqual([
      { actor: "public-api", details: { activationId: activation.id, environment: domain, ip: "127.0.0.1" } },
    ]);
    // Nothing freed, nothing recorded.
    expect((await deactivate(suite.server(), { key: license.key, domain })).json.code).toBe("NOT_ACTIVATED");
    expect(await suite.db().auditEvent.count({ where: { subject: `license:${license.id}`, action: "license.activation_deactivated" } })).toBe(1);
  });
});
