// GET /api/v1/licenses: keyset pagination walked end to end over more than 250 keys (forwards
// with next_cursor, backwards with prev_cursor: no duplicates, no gaps, ties on createdAt broken
// by id), the filters, and the 400s for bad query parameters and cursors.
import { beforeAll, describe, expect, it } from "vitest";
import { licenseListResponseSchema, type LicenseObject } from "../../../lib/api/licenses/schemas";
import type { Pagination } from "../../../lib/api/schemas";
import { createCustomer, createProduct, issueTestLicense } from "../../helpers/factories";
import { describeServerApi, type ApiErrorJson, type ServerApiSuite } from "./helpers/server-api";

type ListJson = { data: LicenseObject[]; pagination: Pagination };
const WALK_SIZE = 263;

async function walk(suite: ServerApiSuite, query: string, direction: "next" | "prev", start?: string) {
  const pages: ListJson[] = [];
  let cursor = start;
  for (let guard = 0; guard < 1000; guard++) {
    const answer = await suite.call<ListJson>(`/api/v1/licenses?${query}${cursor ? `&cursor=${cursor}` : ""}`, { key: suite.readKey() });
    expect(answer.status).toBe(200);
    pages.push(licenseListResponseSchema.parse(answer.json));
    const next = direction === "next" ? answer.json.pagination.next_cursor : answer.json.pagination.prev_cursor;
    if (!next) return pages;
    cursor = next;
  }
  throw new Error("pagination did not end");
}

describeServerApi("Server API: listing licenses", (suite) => {
  let product: Awaited<ReturnType<typeof createProduct>>;
  let expected: string[];

  beforeAll(async () => {
    const db = suite.db();
    product = await createProduct(db, { maxActivations: 3 });
    const customer = await createCustomer(db);
    const ids: string[] = [];
    for (let i = 0; i < WALK_SIZE; i++) ids.push((await issueTestLicense(db, { customer, product })).license.id);
    // Groups of 9 share one createdAt, so page boundaries fall inside ties and only the id orders them.
    const base = Date.now() - 3_600_000;
    for (let group = 0; group * 9 < ids.length; group++) {
      await db.license.updateMany({ where: { id: { in: ids.slice(group * 9, group * 9 + 9) } }, data: { createdAt: new Date(base + group * 1000) } });
    }
    const rows = await db.license.findMany({ where: { productId: product.id }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], select: { id: true } });
    expected = rows.map((r) => r.id);
  });

  it(`walks ${WALK_SIZE} keys forwards to the end and back to the start, with no duplicates or gaps`, async () => {
    const forward = await walk(suite, `product_id=${product.id}&per_page=7`, "next");
    expect(forward.map((p) => p.data.map((l) => l.id)).flat()).toEqual(expected);
    expect(forward).toHaveLength(Math.ceil(WALK_SIZE / 7));
    expect(forward.slice(0, -1).every((p) => p.pagination.count === 7 && p.pagination.has_more_pages)).toBe(true);
    const last = forward.at(-1)!.pagination;
    expect(last).toMatchObject({ count: WALK_SIZE % 7 || 7, per_page: 7, next_cursor: null, has_more_pages: false });
    expect(forward[0]!.pagination.prev_cursor).toBeNull();
    expect(last.prev_cursor).not.toBeNull();

    const backward = await walk(suite, `product_id=${product.id}&per_page=7`, "prev", last.prev_cursor!);
    const seen = [...backward.map((p) => p.data.map((l) => l.id)).reverse().flat(), ...forward.at(-1)!.data.map((l) => l.id)];
    expect(seen).toEqual(expected);
    expect(backward.at(-1)!.pagination.prev_cursor).toBeNull();
  });

  it("walks the whole table with per_page=100 and default page size 50", async () => {
    const all = (await suite.db().license.findMany({ orderBy: [{ createdAt: "desc" }, { id: "desc" }], select: { id: true } })).map((r) => r.id);
    const pages = await walk(suite, "per_page=100", "next");
    expect(pages.flatMap((p) => p.data.map((l) => l.id))).toEqual(all);
    const first = await suite.call<ListJson>("/api/v1/licenses", { key: suite.readKey() });
    expect(first.json.pagination).toMatchObject({ count: 50, per_page: 50, prev_cursor: null, has_more_pages: true });
  });

  it("filters by status, customer and product", async () => {
    const db = suite.db();
    const customer = await createCustomer(db);
    const other = await createProduct(db);
    const active = await issueTestLicense(db, { customer, product: other });
    const expired = await issueTestLicense(db, { customer, product: other, expired: true });
    const revoked = await issueTestLicense(db, { customer, product: other, revoked: true });
    const elsewhere = await issueTestLicense(db, { customer });

    const ids = async (query: string) => {
      const answer = await suite.call<ListJson>(`/api/v1/licenses?${query}`, { key: suite.readKey() });
      expect(answer.status).toBe(200);
      return answer.json.data.map((l) => l.id).sort();
    };
    const sorted = (...ls: { license: { id: string } }[]) => ls.map((l) => l.license.id).sort();
    expect(await ids(`customer_id=${customer.id}`)).toEqual(sorted(active, expired, revoked, elsewhere));
    expect(await ids(`product_id=${other.id}`)).toEqual(sorted(active, expired, revoked));
    expect(await ids(`customer_id=${customer.id}&status=active`)).toEqual(sorted(active, elsewhere));
    expect(await ids(`customer_id=${customer.id}&status=expired`)).toEqual(sorted(expired));
    expect(await ids(`product_id=${other.id}&status=revoked`)).toEqual(sorted(revoked));
    expect(await ids(`customer_id=${customer.id}&product_id=${other.id}&status=active`)).toEqual(sorted(active));
    expect(await ids("customer_id=no-such-customer")).toEqual([]);

    const statuses = await suite.call<ListJson>(`/api/v1/licenses?customer_id=${customer.id}&product_id=${other.id}`, { key: suite.readKey() });
    expect(Object.fromEntries(statuses.json.data.map((l) => [l.id, [l.status, l.is_active, l.is_expired]]))).toEqual({
      [active.license.id]: ["active", true, false],
      [expired.license.id]: ["expired", false, true],
      [revoked.license.id]: ["revoked", false, false],
    });
  });

  describe("bad query parameters are a 400", () => {
    it.each([
      ["per_page=0", "INVALID_REQUEST"],
      ["per_page=101", "INVALID_REQUEST"],
      ["per_page=abc", "INVALID_REQUEST"],
      ["per_page=2.5", "INVALID_REQUEST"],
      ["status=pending_activation", "INVALID_REQUEST"],
      ["status=active&status=revoked", "INVALID_REQUEST"],
      ["customer=abc", "INVALID_REQUEST"],
      ["cursor=not-a-cursor", "INVALID_CURSOR"],
      [`cursor=${Buffer.from(JSON.stringify({ at: "yesterday", id: "x", dir: "next" })).toString("base64url")}`, "INVALID_CURSOR"],
    ])("%s → %s", async (query, code) => {
      const answer = await suite.call<ApiErrorJson>(`/api/v1/licenses?${query}`, { key: suite.readKey() });
      expect(answer.status).toBe(400);
      expect(answer.json.error.code).toBe(code);
      expect(answer.json.error.message).toBeTruthy();
    });
  });
});
