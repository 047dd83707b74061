// listLicenses, the keyset listing behind Admin → Licenses and GET /api/v1/licenses: search by
// key, email or product through indexed conditions only, status filters, and cursors that walk
// both ways without duplicates or gaps.
import { expect, it } from "vitest";
import { listLicenses } from "../../../lib/licenses/list-licenses";
import { createCustomer, createProduct, issueTestLicense, unique } from "../../helpers/factories";
import { describeEachDatabase } from "../../helpers/test-databases";

const noInclude = {};

describeEachDatabase("listLicenses", (getDb) => {
  it("finds a key in any spelling, a customer by part of the email, a product by part of its name", async () => {
    const db = getDb();
    const tag = unique();
    const alice = await createCustomer(db, { email: `alice-${tag}@shop.example` });
    const bob = await createCustomer(db, { email: `bob-${tag}@shop.example` });
    const product = await createProduct(db, { name: `Gallery ${tag} Pro` });
    const { license: aliceKey } = await issueTestLicense(db, { customer: alice });
    const { license: bobKey } = await issueTestLicense(db, { customer: bob, product });

    const search = async (text: string) =>
      (await listLicenses(db, { filter: { search: text }, include: noInclude })).items.map((l) => l.id).sort();

    expect(await search(aliceKey.key.toLowerCase().replaceAll("-", " "))).toEqual([aliceKey.id]);
    expect(await search(`alice-${tag}`)).toEqual([aliceKey.id]);
    expect(await search(`shop.example`)).toEqual(expect.arrayContaining([aliceKey.id, bobKey.id].sort()));
    expect(await search(`Gallery ${tag}`)).toEqual([bobKey.id]);
    expect(await search(bobKey.key.slice(0, 14))).toContain(bobKey.id);
    expect(await search(`nothing-${tag}`)).toEqual([]);
  });

  it("filters by derived status and by customer", async () => {
    const db = getDb();
    const customer = await createCustomer(db);
    const product = await createProduct(db, { maxActivations: 3 });
    const { license: active } = await issueTestLicense(db, { customer, product });
    const { license: expired } = await issueTestLicense(db, { customer, product, expired: true });
    const { license: revoked } = await issueTestLicense(db, { customer, product, revoked: true });
    const ids = async (status: "active" | "expired" | "revoked") =>
      (await listLicenses(db, { filter: { status, userId: customer.id }, include: noInclude })).items.map((l) => l.id);
    expect(await ids("active")).toEqual([active.id]);
    expect(await ids("expired")).toEqual([expired.id]);
    expect(await ids("revoked")).toEqual([revoked.id]);
  });

  it("walks 23 keys forwards and back in pages of 5 with no duplicates or gaps", async () => {
    const db = getDb();
    const customer = await createCustomer(db);
    const product = await createProduct(db);
    for (let i = 0; i < 23; i++) await issueTestLicense(db, { customer, product });
    const filter = { userId: customer.id };
    const pages: string[][] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof listLicenses<typeof noInclude>>> = await listLicenses(db, { filter, perPage: 5, cursor, include: noInclude });
      pages.push(page.items.map((l) => l.id));
      cursor = page.nextCursor;
    } while (cursor);
    const forward = pages.flat();
    expect(pages.map((p) => p.length)).toEqual([5, 5, 5, 5, 3]);
    expect(new Set(forward).size).toBe(23);

    const last = await listLicenses(db, { filter, perPage: 5, cursor: null, include: noInclude });
    const second = await listLicenses(db, { filter, perPage: 5, cursor: last.nextCursor, include: noInclude });
    expect(second.items.map((l) => l.id)).toEqual(pages[1]);
    const first = await listLicenses(db, { filter, perPage: 5, cursor: second.prevCursor, include: noInclude });
    expect(first.items.map((l) => l.id)).toEqual(pages[0]);
    expect(first.prevCursor).toBeNull();
  });

  it("refuses a cursor that is not one of its own", async () => {
    await expect(listLicenses(getDb(), { cursor: "not-a-cursor", include: noInclude })).rejects.toThrow("not valid");
  });
});
