// Signed answers: an installed product fetches the public key once from
// GET /api/v1/licenses/signing-key and checks X-CP-Signature (Ed25519 over the exact body bytes)
// with nothing but node:crypto, building the key from the PEM or from the raw 32 bytes.
import { createHash, createPublicKey, verify as verifySignature, type KeyObject } from "node:crypto";
import { beforeAll, expect, it } from "vitest";
import { issueTestLicense, uniqueDomain } from "../../helpers/factories";
import {
  callApi,
  deactivate,
  describeLicenseApi,
  fetchSigningKey,
  useExtraServer,
  verify,
  VERIFY_PATH,
  type ApiResponse,
  type SigningKeyResponseBody,
} from "../../helpers/license-api-server";

/** DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410); the raw 32-byte key follows it. */
const ED25519_SPKI_PREFIX = Buffer.from("302a300506032b6570032100", "hex");

function keysOf(published: SigningKeyResponseBody): { fromPem: KeyObject; fromRaw: KeyObject } {
  const raw = Buffer.from(published.public_key, "base64");
  return {
    fromPem: createPublicKey(published.public_key_pem),
    fromRaw: createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, raw]), format: "der", type: "spki" }),
  };
}

function signatureOf(response: ApiResponse<unknown>): Buffer {
  const header = response.headers.get("x-cp-signature");
  if (!header) throw new Error(`no X-CP-Signature on a ${response.status} answer`);
  return Buffer.from(header, "base64");
}

describeLicenseApi("Signed answers", (suite) => {
  // A second app instance on the same database, with a low per-key limit for a signed 429.
  const PER_KEY = 2;
  const second = useExtraServer(suite, { VERIFY_RATE_LIMIT_PER_KEY: PER_KEY });
  let published: SigningKeyResponseBody;
  let keys: { fromPem: KeyObject; fromRaw: KeyObject };
  let publishedBySecond: SigningKeyResponseBody;
  beforeAll(async () => {
    // The first requests either instance ever serves, at once: both race to create the key pair.
    const [first, other] = await Promise.all([fetchSigningKey(suite.server()), fetchSigningKey(second())]);
    expect([first.status, other.status]).toEqual([200, 200]);
    published = first.json;
    publishedBySecond = other.json;
    keys = keysOf(published);
  });

  it("publishes an Ed25519 key: raw 32 bytes, PEM, key id, header names", () => {
    const raw = Buffer.from(published.public_key, "base64");
    expect(raw).toHaveLength(32);
    const keyId = createHash("sha256").update(raw).digest("hex").slice(0, 16);
    expect(published).toEqual({
      algorithm: "Ed25519",
      key_id: keyId,
      public_key: raw.toString("base64"),
      public_key_pem: expect.stringMatching(/^-----BEGIN PUBLIC KEY-----\n[\s\S]+\n-----END PUBLIC KEY-----\n?$/),
      signature_header: "X-CP-Signature",
      key_id_header: "X-CP-Signature-Key-Id",
      // Every published key (one until the store rotates its key; signing-rotation.test.ts).
      keys: [{ key_id: keyId, public_key: raw.toString("base64"), public_key_pem: published.public_key_pem, current: true, signs_from: null, published_until: null }],
    });
    expect(keys.fromPem.asymmetricKeyType).toBe("ed25519");
    expect(keys.fromPem.equals(keys.fromRaw)).toBe(true);
  });

  type Answer = { name: string; send: (key: string) => Promise<ApiResponse<unknown>> };
  const answers: Answer[] = [
    { name: "a VALID answer", send: (key) => verify(suite.server(), { key, domain: uniqueDomain(), nonce: "n-42" }) },
    { name: "a NOT_FOUND answer", send: () => verify(suite.server(), { key: "CP-00000-00000-00000-00000-00001" }) },
    { name: "a form-body answer", send: (key) => verify(suite.server(), { key, domain: uniqueDomain() }, { form: true }) },
    { name: "a 400 answer (invalid domain)", send: (key) => verify(suite.server(), { key, domain: "no such thing!" }) },
    { name: "a 400 answer (bad JSON)", send: () => callApi(suite.server(), VERIFY_PATH, { body: "{", contentType: "application/json" }) },
    { name: "a deactivate answer", send: (key) => deactivate(suite.server(), { key, domain: uniqueDomain() }) },
  ];

  it.each(answers)("signs $name: the signature verifies over the exact bytes, and fails on one changed byte", async ({ send }) => {
    const { license } = await issueTestLicense(suite.db());
    const response = await send(license.key);
    const signature = signatureOf(response);
    expect(response.headers.get("x-cp-signature-key-id")).toBe(published.key_id);
    expect(signature).toHaveLength(64);

    expect(verifySignature(null, response.bytes, keys.fromPem, signature)).toBe(true);
    expect(verifySignature(null, response.bytes, keys.fromRaw, signature)).toBe(true);

    for (const index of [0, Math.floor(response.bytes.length / 2), response.bytes.length - 1]) {
      const tampered = Buffer.from(response.bytes);
      tampered[index] = (tampered[index] ?? 0) ^ 0x01;
      expect(verifySignature(null, tampered, keys.fromPem, signature)).toBe(false);
      expect(verifySignature(null, tampered, keys.fromRaw, signature)).toBe(false);
    }
    // Nor does it carry over to another answer's body.
    const other = await verify(suite.server(), { key: license.key, domain: uniqueDomain(), nonce: "other" });
    expect(verifySignature(null, other.bytes, keys.fromPem, signature)).toBe(false);
  });

  it("a signed VALID answer can be cached: its fields are exactly the ones signed", async () => {
    const { license } = await issueTestLicense(suite.db());
    const response = await verify(suite.server(), { key: license.key, domain: uniqueDomain() });
    const forged = Buffer.from(response.text.replace('"valid":true', '"valid":false'));
    expect(forged.equals(response.bytes)).toBe(false);
    expect(verifySignature(null, forged, keys.fromPem, signatureOf(response))).toBe(false);
  });

  it("a second instance started at the same time publishes and signs with the same key", async () => {
    expect(publishedBySecond).toEqual(published);
    const { license } = await issueTestLicense(suite.db());
    const answer = await verify(second(), { key: license.key, domain: uniqueDomain() });
    expect(answer.headers.get("x-cp-signature-key-id")).toBe(published.key_id);
    expect(verifySignature(null, answer.bytes, keys.fromPem, signatureOf(answer))).toBe(true);
  });

  it("signs a 429 answer", async () => {
    const { license } = await issueTestLicense(suite.db());
    for (let i = 0; i < PER_KEY; i++) await verify(second(), { key: license.key, domain: uniqueDomain() });
    const throttled = await verify(second(), { key: license.key, domain: uniqueDomain() });
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get("x-cp-signature-key-id")).toBe(published.key_id);
    expect(verifySignature(null, throttled.bytes, keys.fromRaw, signatureOf(throttled))).toBe(true);
  });
});
