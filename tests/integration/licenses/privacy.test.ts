// No customer data in any public answer. The public endpoints need no secret, so anyone holding a
// key (or guessing one) must learn nothing about who bought it: for every response code, neither
// the body nor a header carries the customer's email, name or id, the order's ids, or the full
// key: only the masked key, and only when the key was found.
import { beforeAll, expect, it } from "vitest";
import type { Order, OrderItem, Product, User } from "../../../lib/db";
import { maskLicenseKey } from "../../../lib/licenses/key";
import { createCustomer, createPaidOrder, createProduct, issueTestLicense, unique, uniqueDomain } from "../../helpers/factories";
import {
  callApi,
  deactivate,
  DEACTIVATE_PATH,
  describeLicenseApi,
  fetchSigningKey,
  useExtraServer,
  verify,
  VERIFY_PATH,
  type ApiResponse,
  type LicenseApiServer,
} from "../../helpers/license-api-server";

type Fixture = {
  customer: User;
  product: Product;
  order: Order;
  item: OrderItem;
  /** Keys of the customer's order, in every state. */
  keys: { active: string; revoked: string; expired: string; full: string };
};

/** Everything that must never appear: customer and order data, and each key unmasked. */
function secretsOf(fixture: Fixture): string[] {
  const { customer, order, item, keys } = fixture;
  const [localPart = "", mailDomain = ""] = customer.email.split("@");
  const keyParts = Object.values(keys).flatMap((key) => [key, key.replaceAll("-", ""), ...key.split("-").slice(1, -1)]);
  return [customer.email, localPart, mailDomain, customer.name ?? "", customer.id, order.id, item.id, ...keyParts];
}

/** The first key with its check character replaced: a typo of a real customer's key. */
const mistyped = (key: string) => `${key.slice(0, -1)}${key.endsWith("0") ? "1" : "0"}`;

describeLicenseApi("No customer data in public answers", (suite) => {
  const throttling = useExtraServer(suite, { VERIFY_RATE_LIMIT_PER_KEY: 1 });
  let fixture: Fixture;

  beforeAll(async () => {
    const db = suite.db();
    const customer = await createCustomer(db, { email: `buyer-${unique()}@mailbox-${unique()}.example`, name: `Zelda Quux${unique()}` });
    const product = await createProduct(db, { maxActivations: 1 });
    const { order, item } = await createPaidOrder(db, customer, product);
    const issue = async (options: { revoked?: boolean; expired?: boolean; maxActivations?: number } = {}) =>
      (await issueTestLicense(db, { customer, product, orderItemId: item.id, ...options })).license.key;
    const keys = {
      active: await issue({ maxActivations: 0 }),
      revoked: await issue({ revoked: true }),
      expired: await issue({ expired: true }),
      full: await issue({ maxActivations: 1 }),
    };
    fixture = { customer, product, order, item, keys };
    expect((await verify(suite.server(), { key: keys.full, domain: uniqueDomain() })).json.code).toBe("VALID");
  });

  type Case = {
    name: string;
    status: number;
    /** The answer's code, or the codes it may have. */
    code: string | readonly string[];
    /** The key whose masked form the answer must show; none when the key was not found. */
    masked?: keyof Fixture["keys"];
    send: (keys: Fixture["keys"], servers: { main: LicenseApiServer; throttling: LicenseApiServer }) => Promise<ApiResponse<unknown>>;
  };
  const codeOf = (json: unknown): string => {
    if (typeof json !== "object" || json === null) return "";
    if ("code" in json && typeof json.code === "string") return json.code;
    if ("error" in json && typeof json.error === "object" && json.error !== null && "code" in json.error) return String(json.error.code);
    if ("algorithm" in json) return "SIGNING_KEY";
    return "";
  };

  const cases: Case[] = [
    { name: "VALID", status: 200, code: "VALID", masked: "active", send: (k, s) => verify(s.main, { key: k.active, domain: uniqueDomain() }) },
    { name: "VALID by client IP", status: 200, code: "VALID", masked: "active", send: (k, s) => verify(s.main, { key: k.active }) },
    { name: "REVOKED", status: 200, code: "REVOKED", masked: "revoked", send: (k, s) => verify(s.main, { key: k.revoked, domain: uniqueDomain() }) },
    { name: "EXPIRED", status: 200, code: "EXPIRED", masked: "expired", send: (k, s) => verify(s.main, { key: k.expired, domain: uniqueDomain() }) },
    {
      name: "PRODUCT_MISMATCH",
      status: 200,
      code: "PRODUCT_MISMATCH",
      masked: "active",
      send: (k, s) => verify(s.main, { key: k.active, domain: uniqueDomain(), product: "some-other-product" }),
    },
    {
      name: "MAX_ACTIVATIONS_EXCEEDED",
      status: 200,
      code: "MAX_ACTIVATIONS_EXCEEDED",
      masked: "full",
      send: (k, s) => verify(s.main, { key: k.full, domain: uniqueDomain() }),
    },
    { name: "NOT_FOUND for a typo of a real key", status: 200, code: "NOT_FOUND", send: (k, s) => verify(s.main, { key: mistyped(k.active) }) },
    {
      name: "400 INVALID_DOMAIN",
      status: 400,
      code: "INVALID_DOMAIN",
      send: (k, s) => verify(s.main, { key: k.active, domain: `not a domain ${k.active}` }),
    },
    {
      name: "400 INVALID_REQUEST (nonce too long)",
      status: 400,
      code: "INVALID_REQUEST",
      send: (k, s) => verify(s.main, { key: k.active, nonce: `${k.active}${"x".repeat(64)}` }),
    },
    {
      name: "400 INVALID_REQUEST (key too long)",
      status: 400,
      code: "INVALID_REQUEST",
      send: (k, s) => verify(s.main, { key: k.active.repeat(4) }),
    },
    {
      name: "400 INVALID_JSON",
      status: 400,
      code: "INVALID_JSON",
      send: (k, s) => callApi(s.main, VERIFY_PATH, { body: `{"key":"${k.active}"`, contentType: "application/json" }),
    },
    {
      name: "400 UNSUPPORTED_CONTENT_TYPE",
      status: 400,
      code: "UNSUPPORTED_CONTENT_TYPE",
      send: (k, s) => callApi(s.main, VERIFY_PATH, { body: k.active, contentType: "text/plain" }),
    },
    {
      name: "413 for a body over 8 KB",
      status: 413,
      code: "BODY_TOO_LARGE",
      send: (k, s) => verify(s.main, { key: k.active, nonce: `${k.active} `.repeat(400) }),
    },
    {
      name: "429 RATE_LIMITED",
      status: 429,
      code: "RATE_LIMITED",
      send: async (k, s) => {
        await verify(s.throttling, { key: k.revoked, domain: uniqueDomain() });
        return verify(s.throttling, { key: k.revoked, domain: uniqueDomain() });
      },
    },
    {
      name: "405 METHOD_NOT_ALLOWED",
      status: 405,
      code: "METHOD_NOT_ALLOWED",
      send: (_k, s) => callApi(s.main, VERIFY_PATH, { method: "GET" }),
    },
    {
      name: "deactivate DEACTIVATED",
      status: 200,
      code: "DEACTIVATED",
      send: async (k, s) => {
        const domain = uniqueDomain();
        await verify(s.main, { key: k.active, domain });
        return deactivate(s.main, { key: k.active, domain });
      },
    },
    { name: "deactivate NOT_ACTIVATED", status: 200, code: "NOT_ACTIVATED", send: (k, s) => deactivate(s.main, { key: k.active, domain: uniqueDomain() }) },
    { name: "deactivate REVOKED", status: 200, code: "REVOKED", send: (k, s) => deactivate(s.main, { key: k.revoked, domain: uniqueDomain() }) },
    { name: "deactivate NOT_FOUND", status: 200, code: "NOT_FOUND", send: (k, s) => deactivate(s.main, { key: mistyped(k.full), domain: uniqueDomain() }) },
    {
      name: "deactivate 400",
      status: 400,
      code: "INVALID_DOMAIN",
      send: (k, s) => callApi(s.main, DEACTIVATE_PATH, { json: { key: k.active, domain: `${k.active}!` } }),
    },
    { name: "signing key", status: 200, code: "SIGNING_KEY", send: (_k, s) => fetchSigningKey(s.main) },
  ];

  it.each(cases)("$name: no email, name, user id, order id or full key", async ({ status, code, masked, send }) => {
    const response = await send(fixture.keys, { main: suite.server(), throttling: throttling() });
    expect(response.status).toBe(status);
    expect([code].flat()).toContain(codeOf(response.json));

    const headers = [...response.headers.entries()].map(([name, value]) => `${name}: ${value}`).join("\n");
    const everything = `${response.text}\n${headers}`;
    for (const secret of secretsOf(fixture)) {
      expect(secret.length, "a secret too short to search for").toBeGreaterThanOrEqual(5);
      expect(everything.toLowerCase()).not.toContain(secret.toLowerCase());
    }
    if (masked) {
      expect(response.text).toContain(JSON.stringify(maskLicenseKey(fixture.keys[masked])));
    } else {
      expect(response.text).not.toMatch(/CP-[0-9A-Z*]{5}-/);
    }
  });
});
