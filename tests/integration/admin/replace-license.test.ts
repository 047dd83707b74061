// replaceLicense: the new key copies owner, product snapshot, limits, expiry and order line; the
// old one is revoked with a masked "Replaced by" reason, and both sides are in the audit trail.
import { expect, it } from "vitest";
import { maskLicenseKey } from "../../../lib/licenses/key";
import { replaceLicense } from "../../../lib/licenses/replace-license";
import { revokeLicense } from "../../../lib/licenses/revoke-license";
import { createCustomer, createPaidOrder, createProduct, issueTestLicense, uniqueDomain } from "../../helpers/factories";
import { describeEachDatabase } from "../../helpers/test-databases";
import { activate, auditActions } from "./helpers";

describeEachDatabase("replaceLicense", (getDb) => {
  it("issues the same kind of key to the same owner and revokes the old one", async () => {
    const db = getDb();
    const customer = await createCustomer(db);
    const product = await createProduct(db, { maxActivations: 5 });
    const { item } = await createPaidOrder(db, customer, product);
    const expiresAt = new Date(Date.now() + 100 * 24 * 60 * 60 * 1000);
    const { license: original } = await issueTestLicense(db, { customer, product, maxActivations: 7, expiresAt, orderItemId: item.id });
    await db.product.update({ where: { id: product.id }, data: { name: "Renamed later", maxActivations: 1 } });
    await activate(db, original.id, uniqueDomain());

    const result = await replaceLicense(db, { licenseId: original.id, actor: "admin-1" });
    if (result.outcome !== "replaced") throw new Error(result.outcome);
    const { replacement } = result;
    expect(result.revokedOriginal).toBe(true);
    expect(replacement.key).not.toBe(original.key);
    expect(replacement).toMatchObject({
      userId: customer.id,
      productId: product.id,
      productName: original.productName, // the snapshot, not the product's new name
      maxActivations: 7,
      expiresAt,
      orderItemId: item.id,
      activationsUsed: 0,
      revokedAt: null,
    });

    const old = await db.license.findUniqueOrThrow({ where: { id: original.id } });
    expect(old.revokedAt).not.toBeNull();
    expect(old.revokedBy).toBe("admin-1");
    expect(old.revokeReason).toBe(`Replaced by ${maskLicenseKey(replacement.key)}`);
    expect(old.revokeReason).not.toContain(replacement.key.slice(3, 8));
    expect(old.activationsUsed).toBe(1); // activations stay for the record

    expect((await auditActions(db, original.id)).map((e) => e.action)).toEqual(["license.issued", "license.revoked", "license.replaced"]);
    expect(await auditActions(db, replacement.id)).toEqual([
      expect.objectContaining({ action: "license.issued", actor: "admin-1" }),
      { action: "license.issued_as_replacement", actor: "admin-1", details: { originalId: original.id, originalKey: maskLicenseKey(original.key) } },
    ]);
  });

  it("keeps a lifetime key lifetime", async () => {
    const db = getDb();
    const { license } = await issueTestLicense(db, { maxActivations: 0 });
    const result = await replaceLicense(db, { licenseId: license.id, actor: "admin-1" });
    expect(result).toMatchObject({ outcome: "replaced", replacement: { expiresAt: null, maxActivations: 0 } });
  });

  it("leaves an already revoked key's revocation (who, when, why) as it was", async () => {
    const db = getDb();
    const { license } = await issueTestLicense(db);
    await revokeLicense(db, { licenseId: license.id, reason: "Refunded", actor: "stripe" });
    const before = await db.license.findUniqueOrThrow({ where: { id: license.id } });

    const result = await replaceLicense(db, { licenseId: license.id, actor: "admin-1" });
    expect(result).toMatchObject({ outcome: "replaced", revokedOriginal: false });
    const after = await db.license.findUniqueOrThrow({ where: { id: license.id } });
    expect({ reason: after.revokeReason, by: after.revokedBy, at: after.revokedAt }).toEqual({
      reason: "Refunded",
      by: "stripe",
      at: before.revokedAt,
    });
  });

  it("replaces a key at most once, even when two replacements race (a double click)", async () => {
    const db = getDb();
    const { license } = await issueTestLicense(db);
    const results = await Promise.all([1, 2, 3].map(() => replaceLicense(db, { licenseId: license.id, actor: "admin-1" })));
    expect(results.filter((r) => r.outcome === "replaced")).toHaveLength(1);
    expect(results.filter((r) => r.outcome === "already_replaced")).toHaveLength(2);
    expect(await db.license.count({ where: { userId: license.userId } })).toBe(2);
    expect(await replaceLicense(db, { licenseId: license.id, actor: "admin-1" })).toEqual({ outcome: "already_replaced" });
  });

  it("answers not_found for a missing key and issues nothing", async () => {
    const db = getDb();
    const before = await db.license.count();
    expect(await replaceLicense(db, { licenseId: "no-such-license", actor: "admin-1" })).toEqual({ outcome: "not_found" });
    expect(await db.license.count()).toBe(before);
  });
});
