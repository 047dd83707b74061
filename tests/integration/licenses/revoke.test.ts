// revokeLicense, the one way every path (admin, API, CLI, refunds, disputes) revokes a key:
// permanent, with who/when/why, exactly one audit event however often or concurrently it runs.
import { expect, it } from "vitest";
import type { Db } from "../../../lib/db";
import { revokeLicense, REVOKE_REASON_MAX_LENGTH } from "../../../lib/licenses/revoke-license";
import { storedLicenseKey } from "../../../lib/licenses/key";
import { verifyLicense } from "../../../lib/licenses/verify-license";
import { issueTestLicense, uniqueDomain } from "../../helpers/factories";
import { describeEachDatabase } from "../../helpers/test-databases";

const revokedEvents = (db: Db, licenseId: string) =>
  db.auditEvent.findMany({ where: { action: "license.revoked", subject: `license:${licenseId}` } });

describeEachDatabase("revokeLicense", (getDb) => {
  it("revokes once: a second call is already_revoked, with one audit event", async () => {
    const { license } = await issueTestLicense(getDb());
    const now = new Date("2025-03-01T12:00:00.000Z");

    const first = await revokeLicense(getDb(), { licenseId: license.id, reason: "  Refunded in full  ", actor: "admin-1", now });
    expect(first).toEqual({ outcome: "revoked", licenseId: license.id, revokedAt: now });
    const second = await revokeLicense(getDb(), { licenseId: license.id, reason: "another reason", actor: "admin-2" });
    expect(second).toEqual({ outcome: "already_revoked", licenseId: license.id, revokedAt: now });

    const stored = await getDb().license.findUniqueOrThrow({ where: { id: license.id } });
    expect(stored).toMatchObject({ revokedAt: now, revokeReason: "Refunded in full", revokedBy: "admin-1" });
    const events = await revokedEvents(getDb(), license.id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actor: "admin-1", details: JSON.stringify({ reason: "Refunded in full" }) });
  });

  it("revokes without a reason", async () => {
    const { license } = await issueTestLicense(getDb());
    expect((await revokeLicense(getDb(), { licenseId: license.id, reason: "   ", actor: "cli" })).outcome).toBe("revoked");
    expect(await getDb().license.findUniqueOrThrow({ where: { id: license.id } })).toMatchObject({ revokeReason: null, revokedBy: "cli" });
    expect((await revokedEvents(getDb(), license.id))[0]?.details).toBeNull();
  });

  it.each([
    ["exactly 500 characters", "r".repeat(REVOKE_REASON_MAX_LENGTH), "revoked"],
    ["500 characters inside spaces", ` ${"r".repeat(REVOKE_REASON_MAX_LENGTH)} `, "revoked"],
    ["501 characters", "r".repeat(REVOKE_REASON_MAX_LENGTH + 1), "invalid_reason"],
    ["5000 characters", "r".repeat(5000), "invalid_reason"],
  ])("takes a reason of %s: %s", async (_label, reason, outcome) => {
    const { license } = await issueTestLicense(getDb());
    const before = await getDb().license.findUniqueOrThrow({ where: { id: license.id } });
    const result = await revokeLicense(getDb(), { licenseId: license.id, reason, actor: "admin" });
    expect(result.outcome).toBe(outcome);
    const after = await getDb().license.findUniqueOrThrow({ where: { id: license.id } });
    if (outcome === "invalid_reason") {
      expect(after).toEqual(before); // nothing changed
      expect(await revokedEvents(getDb(), license.id)).toHaveLength(0);
    } else {
      expect(after.revokeReason).toBe(reason.trim());
      expect(await revokedEvents(getDb(), license.id)).toHaveLength(1);
    }
  });

  it("answers not_found for an unknown license id", async () => {
    expect(await revokeLicense(getDb(), { licenseId: "no-such-license", actor: "admin" })).toEqual({ outcome: "not_found" });
  });

  it("20 concurrent revokes: exactly one revoked and one audit event", async () => {
    const { license } = await issueTestLicense(getDb());
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => revokeLicense(getDb(), { licenseId: license.id, reason: `attempt ${i}`, actor: `actor-${i}` })),
    );
    const revoked = results.filter((r) => r.outcome === "revoked");
    expect(revoked).toHaveLength(1);
    expect(results.filter((r) => r.outcome === "already_revoked")).toHaveLength(19);
    // Every caller learns the same, winning revocation time.
    const stored = await getDb().license.findUniqueOrThrow({ where: { id: license.id } });
    for (const result of results) expect(result).toMatchObject({ revokedAt: stored.revokedAt });
    const events = await revokedEvents(getDb(), license.id);
    expect(events).toHaveLength(1);
    expect(events[0]?.actor).toBe(stored.revokedBy);
  });

  it("is permanent: activations stay for the audit trail, and no environment verifies again", async () => {
    const { license } = await issueTestLicense(getDb(), { maxActivations: 3 });
    const known = uniqueDomain();
    const context = (domain: string) => ({ environment: { kind: "domain" as const, value: domain }, rawValue: domain, clientIp: null, userAgent: null });
    expect((await verifyLicense(getDb(), { key: storedLicenseKey(license.key) }, context(known))).code).toBe("VALID");

    await revokeLicense(getDb(), { licenseId: license.id, actor: "admin" });

    for (const domain of [known, uniqueDomain()]) {
      const answer = await verifyLicense(getDb(), { key: storedLicenseKey(license.key) }, context(domain));
      expect(answer).toMatchObject({ valid: false, code: "REVOKED", environment: { activated: false } });
    }
    const activations = await getDb().activation.findMany({ where: { licenseId: license.id } });
    expect(activations.map((a) => [a.environment, a.deactivatedAt])).toEqual([[known, null]]);
    expect((await getDb().license.findUniqueOrThrow({ where: { id: license.id } })).activationsUsed).toBe(1);
  });
});
