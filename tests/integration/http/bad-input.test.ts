// Bad input is a clear answer, never a 500: cursors whose dates JavaScript accepts but PostgreSQL
// cannot store, parameters given twice, malformed callback URLs. Through the real server on
// PostgreSQL, where the out-of-range dates used to fail, signed in as the people who use each page.
import { beforeAll, describe, expect, it } from "vitest";
import { issueTestLicense } from "../../helpers/factories";
import { createAccount, signInOverHttp } from "../../helpers/sessions";
import { storeServerForFile } from "../../helpers/store-server";
import { postgresSkipReason } from "../../helpers/test-databases";
import { createTestApiKey } from "../server-api/helpers/server-api";

const skip = await postgresSkipReason();
const store = storeServerForFile({ provider: skip ? "sqlite" : "postgresql" });

const cursorAt = (at: string, extra: Record<string, string> = {}) =>
  Buffer.from(JSON.stringify({ at, id: "x", dir: "next", ...extra })).toString("base64url");
/** Dates Date.parse accepts that no column can hold, and one that is not a date at all. */
const BAD_DATES = ["+275760-09-13T00:00:00.000Z", "-271821-04-20T00:00:00.000Z", "+010000-01-01T00:00:00.000Z", "2026-02-30T00:00:00.000Z", "2026-11-30"];

let readKey = "";
let admin = "";
let customer = "";
let licenseKey = "";
beforeAll(async () => {
  readKey = await createTestApiKey(store.db(), "read");
  admin = await signInOverHttp(store.server().url, await createAccount(store.db(), "ADMIN"));
  customer = await signInOverHttp(store.server().url, await createAccount(store.db(), "CUSTOMER"));
  licenseKey = (await issueTestLicense(store.db())).license.key;
});

const get = (path: string, cookie?: string, headers: Record<string, string> = {}) =>
  fetch(store.server().url + path, { redirect: "manual", headers: { ...headers, ...(cookie ? { Cookie: cookie } : {}) } });

describe("cursors", () => {
  // Well-formed cursors of each list (the activations list tags its own) but for the date.
  it.each(BAD_DATES)("the server API answers a cursor at %s with 400 INVALID_CURSOR", async (at) => {
    for (const [path, tag] of [["/api/v1/licenses", {}], [`/api/v1/licenses/${licenseKey}/activations`, { t: "activations" }]] as const) {
      const response = await get(`${path}?cursor=${cursorAt(at, tag)}`, undefined, { Authorization: `Bearer ${readKey}` });
      expect(response.status, path).toBe(400);
      expect(await response.json()).toMatchObject({ error: { code: "INVALID_CURSOR" } });
    }
  });

  it.each(BAD_DATES)("Admin → Licenses and Account → Licenses drop a cursor at %s and show the first page", async (at) => {
    for (const [path, cookie] of [["/admin/licenses", admin], ["/account/licenses", customer]] as const) {
      const response = await get(`${path}?cursor=${cursorAt(at)}`, cookie);
      expect(response.status, path).toBe(307);
      expect(response.headers.get("location"), path).toBe(path);
    }
  });
});

describe("pages given a parameter twice or a malformed one", () => {
  it.each([
    ["/admin/orders?review=1&review=1", () => admin],
    ["/admin/orders?cursor=a&cursor=b", () => admin],
    ["/admin/licenses?status=active&status=revoked&q=a&q=b", () => admin],
    ["/account/licenses?cursor=a&cursor=b", () => customer],
    ["/sign-in?callbackUrl=%0A", () => undefined],
    ["/sign-in?callbackUrl=%0D%0ALocation:%20https://evil.example", () => undefined],
    ["/sign-in?callbackUrl=/a&callbackUrl=/b", () => undefined],
    ["/sign-up?callbackUrl=%09/evil.example", () => undefined],
    ["/products/no-such-product?quantity=1&quantity=2", () => undefined],
    ["/checkout/success?order=a&order=b", () => customer],
  ])("%s answers without a server error", async (path, cookie) => {
    const response = await get(path, cookie());
    expect(response.status, path).toBeLessThan(500);
  });
});
