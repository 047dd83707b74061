// The owner-only rule below the pages: a customer's reads and their Deactivate reach only their
// own keys; a foreign or mismatched id behaves exactly like a missing one and changes nothing.
import { expect, it } from "vitest";
import { listOrdersForUser } from "../../../lib/account/orders";
import {
  deactivateActivationAsAdmin,
  deactivateActivationForCustomer,
} from "../../../lib/licenses/deactivate-license-activation";
import { findLicenseForUser, getLicenseForUserOrThrow, LicenseNotFoundError } from "../../../lib/licenses/queries";
import { revokeLicense } from "../../../lib/licenses/revoke-license";
import { createCustomer, createPaidOrder, createProduct, issueTestLicense, uniqueDomain } from "../../helpers/factories";
import { describeEachDatabase } from "../../helpers/test-databases";
import { activate, auditActions } from "./helpers";

describeEachDatabase("customer ownership", (getDb) => {
  it("a key's page data is found for its owner only", async () => {
    const db = getDb();
    const { license, customer } = await issueTestLicense(db);
    const stranger = await createCustomer(db);
    expect((await findLicenseForUser(db, { licenseId: license.id, userId: customer.id }))?.key).toBe(license.key);
    expect(await findLicenseForUser(db, { licenseId: license.id, userId: stranger.id })).toBeNull();
    await expect(getLicenseForUserOrThrow(db, { licenseId: license.id, userId: stranger.id })).rejects.toBeInstanceOf(LicenseNotFoundError);
  });

  it("the owner deactivates a site: the slot is freed and the change is audited", async () => {
    const db = getDb();
    const { license, customer } = await issueTestLicense(db, { maxActivations: 1 });
    const domain = uniqueDomain();
    await activate(db, license.id, domain);
    const activation = await db.activation.findFirstOrThrow({ where: { licenseId: license.id } });

    const result = await deactivateActivationForCustomer(db, { userId: customer.id, licenseId: license.id, activationId: activation.id });
    expect(result).toEqual({ outcome: "deactivated", environment: domain });
    expect((await db.license.findUniqueOrThrow({ where: { id: license.id } })).activationsUsed).toBe(0);
    expect((await activate(db, license.id, uniqueDomain())).outcome).toBe("activated");
    expect((await auditActions(db, license.id)).at(-1)).toEqual({
      action: "license.activation_deactivated",
      actor: customer.id,
      details: { activationId: activation.id, environment: domain },
    });
    // Twice is harmless.
    expect(await deactivateActivationForCustomer(db, { userId: customer.id, licenseId: license.id, activationId: activation.id })).toEqual({
      outcome: "already_inactive",
    });
  });

  it("another customer's Deactivate is not_found and frees nothing, whatever ids it sends", async () => {
    const db = getDb();
    const { license } = await issueTestLicense(db, { maxActivations: 1 });
    const { license: strangersKey, customer: stranger } = await issueTestLicense(db);
    await activate(db, license.id, uniqueDomain());
    const activation = await db.activation.findFirstOrThrow({ where: { licenseId: license.id } });

    const attempts = [
      { userId: stranger.id, licenseId: license.id, activationId: activation.id },
      // Their own key id with someone else's activation.
      { userId: stranger.id, licenseId: strangersKey.id, activationId: activation.id },
    ];
    for (const attempt of attempts) {
      expect(await deactivateActivationForCustomer(db, attempt)).toEqual({ outcome: "not_found" });
    }
    expect((await db.activation.findUniqueOrThrow({ where: { id: activation.id } })).deactivatedAt).toBeNull();
    expect((await db.license.findUniqueOrThrow({ where: { id: license.id } })).activationsUsed).toBe(1);
  });

  it("a revoked key's activations are frozen for customers and admins alike", async () => {
    const db = getDb();
    const { license, customer } = await issueTestLicense(db, { maxActivations: 2 });
    await activate(db, license.id, uniqueDomain());
    const activation = await db.activation.findFirstOrThrow({ where: { licenseId: license.id } });
    await revokeLicense(db, { licenseId: license.id, actor: "admin-1" });

    const target = { licenseId: license.id, activationId: activation.id };
    expect(await deactivateActivationForCustomer(db, { ...target, userId: customer.id })).toEqual({ outcome: "revoked" });
    expect(await deactivateActivationAsAdmin(db, { ...target, actor: "admin-1" })).toEqual({ outcome: "revoked" });
    expect((await db.activation.findUniqueOrThrow({ where: { id: activation.id } })).deactivatedAt).toBeNull();
  });

  it("an admin deactivates on any key, as the recorded actor", async () => {
    const db = getDb();
    const { license } = await issueTestLicense(db, { maxActivations: 1 });
    await activate(db, license.id, uniqueDomain());
    const activation = await db.activation.findFirstOrThrow({ where: { licenseId: license.id } });
    expect(await deactivateActivationAsAdmin(db, { licenseId: license.id, activationId: activation.id, actor: "admin-1" })).toMatchObject({
      outcome: "deactivated",
    });
    expect((await auditActions(db, license.id)).at(-1)).toMatchObject({ action: "license.activation_deactivated", actor: "admin-1" });
  });

  it("Account → Orders lists the customer's own orders and keys only", async () => {
    const db = getDb();
    const product = await createProduct(db);
    const customer = await createCustomer(db);
    const stranger = await createCustomer(db);
    const { order, item } = await createPaidOrder(db, customer, product);
    await createPaidOrder(db, stranger, product);
    const { license } = await issueTestLicense(db, { customer, product, orderItemId: item.id });

    const orders = await listOrdersForUser(db, customer.id);
    expect(orders.map((o) => o.id)).toEqual([order.id]);
    expect(orders[0]?.items[0]?.licenses.map((l) => l.id)).toEqual([license.id]);
    expect((await listOrdersForUser(db, stranger.id)).flatMap((o) => o.items.flatMap((i) => i.licenses))).toEqual([]);
  });
});
