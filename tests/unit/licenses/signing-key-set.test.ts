// The signing key set's rules, as data: which key signs at a moment, what is published (the next
// key before it signs, previous keys until their date), what a rotation leaves behind, and how the
// environment configures a rotated key.
import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "../../../lib/env";
import {
  keyIdOf,
  keySetFromEnvironment,
  nextSwitchAt,
  pruneKeySet,
  publicKeyOfPrivatePem,
  publishedKeysAt,
  publishedKeysEnvSchema,
  signingEntryAt,
  type SigningKeyEntry,
} from "../../../lib/licenses/signing-key-set";

const newPem = () => generateKeyPairSync("ed25519").privateKey.export({ type: "pkcs8", format: "pem" }).toString();
const T = (minutes: number) => new Date(Date.UTC(2027, 0, 1) + minutes * 60_000);

function key(fields: Partial<SigningKeyEntry> & { pem?: string | null } = {}): SigningKeyEntry {
  const pem = fields.pem === undefined ? newPem() : fields.pem;
  const publicKey = fields.publicKey ?? publicKeyOfPrivatePem(pem ?? newPem());
  return { publicKey, privateKeyPem: pem, signsFrom: fields.signsFrom ?? null, publishedUntil: fields.publishedUntil ?? null };
}

// A rotation at T(0): the old key signs until T(10) and stays published until T(70); the new one
// is published from T(0) and signs from T(10).
const old = key({ publishedUntil: T(70) });
const next = key({ signsFrom: T(10) });
const rotated = [old, next];

describe("a rotated key set", () => {
  it.each([
    ["before the switch, the old key signs", T(5), old],
    ["at the switch, the new key signs", T(10), next],
    ["after the overlap, the new key still signs", T(100), next],
  ])("%s", (_label, now, signing) => {
    expect(signingEntryAt(rotated, now.getTime()).publicKey).toBe(signing.publicKey);
  });

  it("switches at the scheduled key's start, and never again after it", () => {
    expect(nextSwitchAt(rotated, T(5).getTime())).toBe(T(10).getTime());
    expect(nextSwitchAt(rotated, T(10).getTime())).toBe(Infinity);
  });

  it.each([
    ["before the switch: the old key (current), then the next one", T(5), [[old, true], [next, false]]],
    ["during the overlap: the new key (current), then the old one until its date", T(30), [[next, true], [old, false]]],
    ["after the old key's date: the new key alone", T(70), [[next, true]]],
  ] as const)("publishes %s", (_label, now, expected) => {
    const published = publishedKeysAt(rotated, now.getTime());
    expect(published.map((k) => [k.publicKey, k.current])).toEqual(expected.map(([entry, current]) => [entry.publicKey, current]));
    expect(published.map((k) => k.keyId)).toEqual(expected.map(([entry]) => keyIdOf(entry.publicKey)));
    expect(published.every((k) => k.publicKeyPem.startsWith("-----BEGIN PUBLIC KEY-----"))).toBe(true);
  });

  it("tidies up after the switch: the old private key goes at once, the old public key after its date", () => {
    expect(pruneKeySet(rotated, T(5).getTime())).toBe(rotated); // nothing to drop yet: same array
    expect(pruneKeySet(rotated, T(30).getTime())).toEqual([{ ...old, privateKeyPem: null }, next]);
    expect(pruneKeySet(rotated, T(70).getTime())).toEqual([next]);
  });
});

describe("keys from the environment", () => {
  const current = newPem();
  const previous = key({ pem: null, publicKey: publicKeyOfPrivatePem(newPem()), publishedUntil: T(60) });
  const forever = key({ pem: null, publicKey: publicKeyOfPrivatePem(newPem()) });

  it("parses LICENSE_SIGNING_PUBLISHED_KEYS: keys, optionally @ a date, by comma or white space", () => {
    const text = `${previous.publicKey}@${T(60).toISOString()}, ${forever.publicKey}\n`;
    expect(publishedKeysEnvSchema.parse(text)).toEqual([
      { publicKey: previous.publicKey, publishedUntil: T(60) },
      { publicKey: forever.publicKey, publishedUntil: null },
    ]);
    expect(publishedKeysEnvSchema.parse(`${forever.publicKey}@2027-01-31`)[0]?.publishedUntil).toEqual(new Date("2027-01-31"));
  });

  it.each([["not-base64"], [`${forever.publicKey}@someday`], [`${forever.publicKey}@2027-01-01@2028-01-01`], ["AAAA"]])(
    "refuses %s at start-up, naming the variable",
    (value) => {
      expect(() => parseEnv({ LICENSE_SIGNING_PUBLISHED_KEYS: value })).toThrow(EnvError);
      expect(() => parseEnv({ LICENSE_SIGNING_PUBLISHED_KEYS: value })).toThrow(/LICENSE_SIGNING_PUBLISHED_KEYS/);
    },
  );

  it("signs with the configured key and publishes the listed ones until their dates", () => {
    const entries = keySetFromEnvironment(current, [previous, forever]);
    expect(signingEntryAt(entries, T(0).getTime()).privateKeyPem).toBe(current);
    const at = (now: Date) => publishedKeysAt(entries, now.getTime()).map((k) => [k.publicKey, k.current, k.publishedUntil]);
    expect(at(T(0))).toEqual([
      [publicKeyOfPrivatePem(current), true, null],
      [previous.publicKey, false, T(60)],
      [forever.publicKey, false, null],
    ]);
    expect(at(T(60))).toEqual([
      [publicKeyOfPrivatePem(current), true, null],
      [forever.publicKey, false, null],
    ]);
  });

  it("lists the signing key once even when LICENSE_SIGNING_PUBLISHED_KEYS repeats it", () => {
    const entries = keySetFromEnvironment(current, [{ publicKey: publicKeyOfPrivatePem(current), publishedUntil: null }]);
    expect(publishedKeysAt(entries, T(0).getTime())).toHaveLength(1);
  });

  it("reads the refresh interval, 60 seconds unless set", () => {
    expect(parseEnv({}).LICENSE_SIGNING_KEYS_REFRESH_SECONDS).toBe(60);
    expect(parseEnv({ LICENSE_SIGNING_KEYS_REFRESH_SECONDS: "5" }).LICENSE_SIGNING_KEYS_REFRESH_SECONDS).toBe(5);
    expect(() => parseEnv({ LICENSE_SIGNING_KEYS_REFRESH_SECONDS: "0" })).toThrow(EnvError);
  });
});
