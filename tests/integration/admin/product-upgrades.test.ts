// Admin → Products: the renewal discount override, billing (a yearly subscription needs a 365-day
// validity) and upgrade paths (to another product in the same currency, at the difference or a
// fixed price, one per pair by the unique constraint), on SQLite and PostgreSQL. Bad input is
// refused with a message on its field and changes nothing: no row, no audit entry.
import { expect, it } from "vitest";
import type { Db } from "../../../lib/db";
import { listUpgradePathsForAdmin } from "../../../lib/products/admin-products";
import { createProduct as saveNewProduct, updateProduct } from "../../../lib/products/save-product";
import { productFieldsSchema, productUpdateFormSchema, productUpgradeFormSchema, type ProductInput } from "../../../lib/products/schemas";
import { addUpgradePath, removeUpgradePath } from "../../../lib/products/upgrade-paths";
import { createProduct, unique } from "../../helpers/factories";
import { describeEachDatabase } from "../../helpers/test-databases";

const form = { name: "Widget", slug: "widget", price: "49", currency: "usd", maxActivations: "1", validityDays: "365" };

/** Field → message of a refused parse. */
function fieldErrors(result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) {
  return Object.fromEntries((result.error?.issues ?? []).map((issue) => [String(issue.path[0]), issue.message]));
}

it.each([
  [{}, { renewalDiscountPercent: null, billing: "one_time" }],
  [{ renewalDiscountPercent: " 25 " }, { renewalDiscountPercent: 25 }],
  [{ renewalDiscountPercent: "0" }, { renewalDiscountPercent: 0 }],
  [{ renewalDiscountPercent: "100" }, { renewalDiscountPercent: 100 }],
  [{ billing: "yearly" }, { billing: "yearly", validityDays: 365 }],
])("reads the renewal fields %j as %j", (fields, expected) => {
  expect(productFieldsSchema.parse({ ...form, ...fields })).toMatchObject(expected);
});

it.each([
  [{ renewalDiscountPercent: "101" }, "renewalDiscountPercent", "At most 100 %"],
  [{ renewalDiscountPercent: "12.5" }, "renewalDiscountPercent", "Enter a whole percent from 0 to 100, or leave it empty for the store's setting"],
  [{ renewalDiscountPercent: "-1" }, "renewalDiscountPercent", "Enter a whole percent from 0 to 100, or leave it empty for the store's setting"],
  [{ billing: "monthly" }, "billing", "Choose one-time or yearly subscription"],
  [{ billing: "yearly", validityDays: "30" }, "billing", "A yearly subscription renews its keys every year: set Validity to 365 days, or choose one-time"],
  [{ billing: "yearly", validityDays: "" }, "billing", "A yearly subscription renews its keys every year: set Validity to 365 days, or choose one-time"],
])("refuses %j on the %s field", (fields, field, message) => {
  const parsed = productFieldsSchema.safeParse({ ...form, ...fields });
  expect(parsed.success).toBe(false);
  expect(fieldErrors(parsed)).toEqual({ [field]: message });
  // The edit form's schema (with its id and images) applies the same rule.
  expect(fieldErrors(productUpdateFormSchema.safeParse({ ...form, ...fields, productId: "p1" }))).toEqual({ [field]: message });
});

it.each([
  [{ fixedPrice: "" }, null],
  [{ fixedPrice: "0" }, 0],
  [{ fixedPrice: "20.5" }, 2050],
])("reads an upgrade path's price %j as %j cents (null = the difference)", (fields, cents) => {
  expect(productUpgradeFormSchema.parse({ productId: "a", toProductId: "b", ...fields }).fixedPrice).toBe(cents);
});

it.each([
  [{ toProductId: "" }, "toProductId", "Choose the product to upgrade to"],
  [{ fixedPrice: "-5" }, "fixedPrice", "Enter a price like 20 or 20.00, or leave it empty for the difference"],
  [{ fixedPrice: "abc" }, "fixedPrice", "Enter a price like 20 or 20.00, or leave it empty for the difference"],
  [{ fixedPrice: "1000000" }, "fixedPrice", "The price can be at most 999,999.99, the most one payment can take"],
])("refuses an upgrade path's %j on the %s field", (fields, field, message) => {
  expect(fieldErrors(productUpgradeFormSchema.safeParse({ productId: "a", toProductId: "b", ...fields }))).toEqual({ [field]: message });
});

const input = (fields: Partial<ProductInput> = {}): ProductInput => ({
  ...productFieldsSchema.parse({ ...form, slug: `renewal-${unique()}` }),
  ...fields,
});

async function snapshot(db: Db) {
  const [products, paths, audit] = await Promise.all([
    db.product.findMany({ orderBy: { id: "asc" } }),
    db.productUpgrade.findMany({ orderBy: { id: "asc" } }),
    db.auditEvent.count(),
  ]);
  return { products, paths, audit };
}

describeEachDatabase("admin: renewal settings and upgrade paths of a product", (getDb) => {
  it("saves the discount override and billing with the product, and refuses a yearly product without 365 days", async () => {
    const db = getDb();
    const created = await saveNewProduct(db, input({ renewalDiscountPercent: 20, billing: "yearly" }), "admin-1");
    if (created.outcome !== "saved") throw new Error(created.outcome);
    expect(created.product).toMatchObject({ renewalDiscountPercent: 20, billing: "yearly", validityDays: 365 });

    // A caller that skipped the form's schema still saves nothing that breaks the rule.
    const before = await snapshot(db);
    const refused = { outcome: "invalid", fieldErrors: { billing: expect.stringMatching(/^A yearly subscription/) } };
    expect(await updateProduct(db, created.product.id, input({ slug: created.product.slug, billing: "yearly", validityDays: 30 }), "admin-1")).toEqual(refused);
    expect(await saveNewProduct(db, input({ billing: "yearly", validityDays: null }), "admin-1")).toEqual(refused);
    expect(await snapshot(db)).toEqual(before);

    const back = await updateProduct(db, created.product.id, input({ slug: created.product.slug, renewalDiscountPercent: null, billing: "one_time" }), "admin-1");
    expect(back).toMatchObject({ outcome: "saved", product: { renewalDiscountPercent: null, billing: "one_time" } });
  });

  it("adds a path priced at the difference or fixed, lists it, refuses bad ones without a change, and removes it", async () => {
    const db = getDb();
    const starter = await createProduct(db, { maxActivations: 1, validityDays: 365 });
    const pro = await db.product.update({ where: { id: (await createProduct(db, { maxActivations: 5 })).id }, data: { priceCents: 9900 } });
    const agency = await db.product.update({ where: { id: (await createProduct(db, { maxActivations: 0 })).id }, data: { priceCents: 29900 } });
    const euro = await db.product.update({ where: { id: (await createProduct(db)).id }, data: { currency: "eur" } });

    const toPro = await addUpgradePath(db, { fromProductId: starter.id, toProductId: pro.id, priceCents: null, actor: "admin-1" });
    expect(toPro).toMatchObject({ outcome: "added", toProductName: pro.name });
    const toAgency = await addUpgradePath(db, { fromProductId: starter.id, toProductId: agency.id, priceCents: 15000, actor: "admin-1" });
    expect(toAgency.outcome).toBe("added");

    const listed = await listUpgradePathsForAdmin(db, starter);
    expect(listed.paths.map((p) => [p.toProduct.name, p.fixedPriceCents, p.priceNowCents])).toEqual([
      [pro.name, null, 5000],
      [agency.name, 15000, 15000],
    ]);
    // The choices: every other product in dollars, never itself or the euro one.
    const targetIds = listed.targets.map((t) => t.id);
    expect(targetIds).toEqual(expect.arrayContaining([pro.id, agency.id]));
    expect(targetIds).not.toContain(starter.id);
    expect(targetIds).not.toContain(euro.id);

    const before = await snapshot(db);
    const add = (toProductId: string, priceCents: number | null = null, fromProductId = starter.id) =>
      addUpgradePath(db, { fromProductId, toProductId, priceCents, actor: "admin-1" });
    expect(await add(starter.id)).toEqual({ outcome: "invalid", fieldErrors: { toProductId: "A product cannot upgrade to itself: choose another product" } });
    expect(await add(euro.id)).toEqual({
      outcome: "invalid",
      fieldErrors: { toProductId: `${euro.name} sells in EUR and this product in USD: an upgrade stays in one currency` },
    });
    expect(await add(pro.id, 100)).toEqual({
      outcome: "invalid",
      fieldErrors: { toProductId: `There is already an upgrade path to ${pro.name}: remove it first to change its price` },
    });
    expect(await add("missing-product")).toEqual({ outcome: "invalid", fieldErrors: { toProductId: "That product no longer exists: choose another" } });
    expect(await add(pro.id, -1, pro.id)).toEqual({ outcome: "invalid", fieldErrors: { toProductId: "A product cannot upgrade to itself: choose another product" } });
    expect(await add(agency.id, -1, pro.id)).toEqual({ outcome: "invalid", fieldErrors: { fixedPrice: "The price must be 0 or more" } });
    expect(await add(pro.id, null, "missing-product")).toEqual({ outcome: "not_found" });
    // Removing another product's path by its id, or one that does not exist, finds nothing.
    if (toPro.outcome !== "added") throw new Error(toPro.outcome);
    expect(await removeUpgradePath(db, { fromProductId: pro.id, pathId: toPro.pathId, actor: "admin-1" })).toEqual({ outcome: "not_found" });
    expect(await removeUpgradePath(db, { fromProductId: starter.id, pathId: "missing", actor: "admin-1" })).toEqual({ outcome: "not_found" });
    expect(await snapshot(db)).toEqual(before);

    expect(await removeUpgradePath(db, { fromProductId: starter.id, pathId: toPro.pathId, actor: "admin-1" })).toEqual({ outcome: "removed", toProductName: pro.name });
    expect(await removeUpgradePath(db, { fromProductId: starter.id, pathId: toPro.pathId, actor: "admin-1" })).toEqual({ outcome: "not_found" });
    expect((await listUpgradePathsForAdmin(db, starter)).paths.map((p) => p.toProduct.id)).toEqual([agency.id]);

    const audit = await db.auditEvent.findMany({ where: { subject: `product:${starter.id}` }, orderBy: [{ at: "asc" }, { id: "asc" }] });
    expect(audit.map((e) => [e.actor, e.action])).toEqual([
      ["admin-1", "product.upgrade_path_added"],
      ["admin-1", "product.upgrade_path_added"],
      ["admin-1", "product.upgrade_path_removed"],
    ]);
  });

  it("two admins adding the same path at once get one path and one clear refusal", async () => {
    const db = getDb();
    const from = await createProduct(db);
    const to = await createProduct(db, { maxActivations: 5 });
    const results = await Promise.all(
      [null, 2500].map((priceCents) => addUpgradePath(db, { fromProductId: from.id, toProductId: to.id, priceCents, actor: "admin-1" })),
    );
    expect(results.map((r) => r.outcome).sort()).toEqual(["added", "invalid"]);
    expect(await db.productUpgrade.count({ where: { fromProductId: from.id } })).toBe(1);
    expect(await db.auditEvent.count({ where: { subject: `product:${from.id}`, action: "product.upgrade_path_added" } })).toBe(1);
  });
});
