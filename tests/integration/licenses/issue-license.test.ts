// issueLicense: one canonical key per unit, with the product's limits, validity and name copied
// onto it, so a later product edit never changes a key already sold.
import { expect, it } from "vitest";
import { issueLicense } from "../../../lib/licenses/issue-license";
import { isCanonicalLicenseKey, storedLicenseKey } from "../../../lib/licenses/key";
import { verifyLicense } from "../../../lib/licenses/verify-license";
import { createCustomer, createProduct, uniqueDomain } from "../../helpers/factories";
import { describeEachDatabase } from "../../helpers/test-databases";

const DAY_MS = 24 * 60 * 60 * 1000;

describeEachDatabase("issueLicense", (getDb) => {
  it("copies the product's limits, validity and name onto a canonical key, with an audit event", async () => {
    const customer = await createCustomer(getDb());
    const product = await createProduct(getDb(), { maxActivations: 3, validityDays: 365 });
    const now = new Date("2025-01-15T08:00:00.000Z");

    const license = await issueLicense(getDb(), { userId: customer.id, product, actor: "system", now });

    expect(isCanonicalLicenseKey(license.key)).toBe(true);
    expect(license).toMatchObject({
      userId: customer.id,
      productId: product.id,
      productName: product.name,
      maxActivations: 3,
      activationsUsed: 0,
      expiresAt: new Date(now.getTime() + 365 * DAY_MS),
      revokedAt: null,
      orderItemId: null,
    });
    const events = await getDb().auditEvent.findMany({ where: { subject: `license:${license.id}` } });
    expect(events).toMatchObject([{ action: "license.issued", actor: "system" }]);
  });

  it.each([
    ["a lifetime product", { validityDays: null }, {}, { maxActivations: 1, expiresAt: null }],
    ["an unlimited override", { maxActivations: 2 }, { maxActivations: 0 }, { maxActivations: 0, expiresAt: null }],
    ["a lifetime override", { validityDays: 30 }, { expiresAt: null }, { maxActivations: 1, expiresAt: null }],
    [
      "a fixed expiry",
      { validityDays: 30 },
      { expiresAt: new Date("2030-01-01T00:00:00.000Z") },
      { maxActivations: 1, expiresAt: new Date("2030-01-01T00:00:00.000Z") },
    ],
  ])("issues for %s", async (_label, productFields, overrides, expected) => {
    const customer = await createCustomer(getDb());
    const product = await createProduct(getDb(), productFields);
    const license = await issueLicense(getDb(), { userId: customer.id, product, actor: "test", ...overrides });
    expect(license).toMatchObject(expected);
  });

  it("issues a distinct key per unit", async () => {
    const customer = await createCustomer(getDb());
    const product = await createProduct(getDb());
    const licenses = await Promise.all(Array.from({ length: 20 }, () => issueLicense(getDb(), { userId: customer.id, product, actor: "test" })));
    expect(new Set(licenses.map((l) => l.key)).size).toBe(20);
  });

  it("keeps the snapshot when the product changes later", async () => {
    const customer = await createCustomer(getDb());
    const product = await createProduct(getDb(), { maxActivations: 2, name: "Old Name" });
    const license = await issueLicense(getDb(), { userId: customer.id, product, actor: "test" });
    await getDb().product.update({ where: { id: product.id }, data: { name: "New Name", maxActivations: 10 } });

    const domain = uniqueDomain();
    const answer = await verifyLicense(getDb(), { key: storedLicenseKey(license.key) }, { environment: { kind: "domain", value: domain }, rawValue: domain, clientIp: null, userAgent: null });
    expect(answer).toMatchObject({ code: "VALID", license: { product: { name: "Old Name", slug: product.slug } }, activations: { max: 2 } });
  });
});
