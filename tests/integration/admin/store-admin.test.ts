// The rest of Admin's lib: products (unique slug decided by the database), the overview's
// revenue and status counts, and the "local environments take no slot" setting with its audit.
import { expect, it } from "vitest";
import { adminLicensesHref, parseAdminLicenseFilters } from "../../../lib/admin/license-filters";
import { getStoreOverview } from "../../../lib/admin/overview";
import { updateLocalEnvironmentsFree } from "../../../lib/admin/update-store-settings";
import { localEnvironmentsAreFree } from "../../../lib/licenses/store-settings";
import { createProduct, updateProduct } from "../../../lib/products/save-product";
import { productFormSchema, type ProductInput } from "../../../lib/products/schemas";
import { createCustomer, issueTestLicense, unique } from "../../helpers/factories";
import { describeEachDatabase } from "../../helpers/test-databases";

const input = (fields: Partial<ProductInput> = {}): ProductInput => ({
  name: "Widget Pro",
  slug: `widget-${unique()}`,
  kind: "plugin",
  packageSlug: null,
  homepage: null,
  author: null,
  description: "",
  installation: "",
  price: 4900,
  currency: "usd",
  maxActivations: 3,
  validityDays: 365,
  active: true,
  renewalDiscountPercent: null,
  billing: "one_time",
  ...fields,
});

describeEachDatabase("admin: products, overview, settings", (getDb) => {
  it("creates and updates products; a taken slug is slug_taken, never a duplicate", async () => {
    const db = getDb();
    const first = await createProduct(db, input(), "admin-1");
    if (first.outcome !== "saved") throw new Error(first.outcome);
    expect(await createProduct(db, input({ slug: first.product.slug }), "admin-1")).toEqual({ outcome: "slug_taken" });

    const other = await createProduct(db, input(), "admin-1");
    if (other.outcome !== "saved") throw new Error(other.outcome);
    expect(await updateProduct(db, other.product.id, input({ slug: first.product.slug }), "admin-1")).toEqual({ outcome: "slug_taken" });
    const updated = await updateProduct(db, other.product.id, input({ slug: other.product.slug, validityDays: null, price: 2500 }), "admin-1");
    expect(updated).toMatchObject({ outcome: "saved", product: { validityDays: null, priceCents: 2500 } });
    expect(await updateProduct(db, "missing", input(), "admin-1")).toEqual({ outcome: "not_found" });
    const audit = await db.auditEvent.findMany({ where: { subject: `product:${other.product.id}` }, orderBy: { at: "asc" } });
    expect(audit.map((e) => e.action)).toEqual(["product.created", "product.updated"]);
  });

  it("counts licenses by derived status and nets refunds out of revenue per currency", async () => {
    const db = getDb();
    const before = await getStoreOverview(db);
    await issueTestLicense(db);
    await issueTestLicense(db, { revoked: true });
    await issueTestLicense(db, { expired: true });
    const customer = await createCustomer(db);
    const order = (status: string, amountCents: number, refundedCents: number, currency: string) =>
      db.order.create({ data: { userId: customer.id, status, provider: "demo", amountCents, refundedCents, currency } });
    await order("paid", 10_000, 0, "usd");
    await order("partially_refunded", 5_000, 2_000, "usd");
    await order("refunded", 7_000, 7_000, "usd");
    await order("pending", 99_000, 0, "usd"); // not paid: no revenue
    await order("paid", 3_000, 0, "eur");

    const after = await getStoreOverview(db);
    expect(after.licenses).toEqual({
      active: before.licenses.active + 1,
      revoked: before.licenses.revoked + 1,
      expired: before.licenses.expired + 1,
    });
    const net = (currency: string, overview = after) => overview.revenue.find((r) => r.currency === currency)?.netCents ?? 0;
    expect(net("usd") - net("usd", before)).toBe(13_000);
    expect(net("eur") - net("eur", before)).toBe(3_000);
  });

  it("switches local environments on and off, auditing each change", async () => {
    const db = getDb();
    expect(await localEnvironmentsAreFree(db)).toBe(false);
    await updateLocalEnvironmentsFree(db, { enabled: true, actor: "admin-1" });
    expect(await localEnvironmentsAreFree(db)).toBe(true);
    await updateLocalEnvironmentsFree(db, { enabled: false, actor: "admin-1" });
    expect(await localEnvironmentsAreFree(db)).toBe(false);
    const audit = await db.auditEvent.findMany({ where: { subject: "settings:local_environments_free" }, orderBy: { at: "asc" } });
    expect(audit.map((e) => JSON.parse(e.details ?? "{}"))).toEqual([{ enabled: true }, { enabled: false }]);
  });
});

it("the product form schema turns form strings into cents, days or lifetime, and a boolean", () => {
  const parsed = productFormSchema.parse({
    name: " Widget ",
    slug: "Widget-Pro",
    description: "",
    price: "19.5",
    currency: "eur",
    maxActivations: "0",
    validityDays: "",
    active: "on",
  });
  expect(parsed).toEqual({
    name: "Widget",
    slug: "widget-pro",
    kind: "plugin",
    packageSlug: null,
    homepage: null,
    author: null,
    description: "",
    installation: "",
    price: 1950,
    currency: "eur",
    maxActivations: 0,
    validityDays: null,
    active: true,
    renewalDiscountPercent: null,
    billing: "one_time",
    icon: null,
    banner: null,
    removeIcon: false,
    removeBanner: false,
  });
  const invalid = productFormSchema.safeParse({ name: "", slug: "no spaces", price: "abc", currency: "xyz", maxActivations: "-1", validityDays: "0" });
  expect(invalid.success).toBe(false);
  const fields = new Set(invalid.error?.issues.map((issue) => String(issue.path[0])));
  expect(fields).toEqual(new Set(["name", "slug", "price", "currency", "maxActivations", "validityDays"]));
});

it("the licenses list reads its filters from the URL, dropping what is not valid", () => {
  expect(parseAdminLicenseFilters({ q: "  a@b.c ", status: "revoked", cursor: "abc" })).toEqual({ q: "a@b.c", status: "revoked", cursor: "abc" });
  expect(parseAdminLicenseFilters({ q: ["first", "second"], status: "sold", cursor: "" })).toEqual({ q: "first", status: undefined, cursor: undefined });
  expect(parseAdminLicenseFilters({ q: "x".repeat(500) })).toEqual({ q: undefined, status: undefined, cursor: undefined });
  expect(adminLicensesHref({ q: "a b", status: "active" }, "next-1")).toBe("/admin/licenses?q=a+b&status=active&cursor=next-1");
  expect(adminLicensesHref({})).toBe("/admin/licenses");
});
