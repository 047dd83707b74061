// changeMaxActivations moves only the limit: raising it makes room, lowering it below the used
// count keeps every existing activation and refuses new environments, 0 is unlimited.
import { expect, it } from "vitest";
import { changeMaxActivations } from "../../../lib/licenses/change-max-activations";
import { revokeLicense } from "../../../lib/licenses/revoke-license";
import { issueTestLicense, uniqueDomain } from "../../helpers/factories";
import { describeEachDatabase } from "../../helpers/test-databases";
import { activate, auditActions } from "./helpers";

describeEachDatabase("changeMaxActivations", (getDb) => {
  it("raises, lowers below the used count and sets unlimited, with an audit entry each time", async () => {
    const db = getDb();
    const { license } = await issueTestLicense(db, { maxActivations: 1 });
    const [a, b, c] = [uniqueDomain(), uniqueDomain(), uniqueDomain()];
    expect((await activate(db, license.id, a)).outcome).toBe("activated");
    expect((await activate(db, license.id, b)).outcome).toBe("full");

    expect(await changeMaxActivations(db, { licenseId: license.id, maxActivations: 2, actor: "admin-1" })).toEqual({
      outcome: "changed",
      from: 1,
      to: 2,
    });
    expect((await activate(db, license.id, b)).outcome).toBe("activated");

    // Lowered below the 2 in use: both stay, nothing new gets in.
    await changeMaxActivations(db, { licenseId: license.id, maxActivations: 1, actor: "admin-1" });
    const lowered = await db.license.findUniqueOrThrow({ where: { id: license.id } });
    expect({ max: lowered.maxActivations, used: lowered.activationsUsed }).toEqual({ max: 1, used: 2 });
    expect(await db.activation.count({ where: { licenseId: license.id, deactivatedAt: null } })).toBe(2);
    expect((await activate(db, license.id, a)).outcome).toBe("known");
    expect((await activate(db, license.id, c)).outcome).toBe("full");

    await changeMaxActivations(db, { licenseId: license.id, maxActivations: 0, actor: "admin-1" });
    expect((await activate(db, license.id, c)).outcome).toBe("activated");

    const changes = (await auditActions(db, license.id)).filter((e) => e.action === "license.max_activations_changed");
    expect(changes).toEqual([
      { action: "license.max_activations_changed", actor: "admin-1", details: { from: 1, to: 2 } },
      { action: "license.max_activations_changed", actor: "admin-1", details: { from: 2, to: 1 } },
      { action: "license.max_activations_changed", actor: "admin-1", details: { from: 1, to: 0 } },
    ]);
  });

  it("writes nothing when the limit is already that value", async () => {
    const db = getDb();
    const { license } = await issueTestLicense(db, { maxActivations: 3 });
    expect(await changeMaxActivations(db, { licenseId: license.id, maxActivations: 3, actor: "admin-1" })).toEqual({ outcome: "unchanged" });
    expect((await auditActions(db, license.id)).map((e) => e.action)).toEqual(["license.issued"]);
  });

  it("leaves a revoked key alone and reports a missing one", async () => {
    const db = getDb();
    const { license } = await issueTestLicense(db, { maxActivations: 3 });
    await revokeLicense(db, { licenseId: license.id, actor: "admin-1" });
    expect(await changeMaxActivations(db, { licenseId: license.id, maxActivations: 9, actor: "admin-1" })).toEqual({ outcome: "revoked" });
    expect((await db.license.findUniqueOrThrow({ where: { id: license.id } })).maxActivations).toBe(3);
    expect(await changeMaxActivations(db, { licenseId: "missing", maxActivations: 9, actor: "admin-1" })).toEqual({ outcome: "not_found" });
  });
});
