// The response-signing key set, as data: which key signs at a given moment and which public keys
// are published (the signing one, a scheduled next one, previous ones until their date). Pure
// functions only (no database, no environment), so lib/env.ts can use the parser below and the
// rules can be tested as a table.
import { createHash, createPrivateKey, createPublicKey } from "node:crypto";
import { z } from "zod";

/** DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410); the raw 32-byte key follows it. */
const ED25519_SPKI_PREFIX = Buffer.from("302a300506032b6570032100", "hex");

export type SigningKeyEntry = {
  /** The raw 32-byte Ed25519 public key, base64 (what libsodium and PHP take). */
  publicKey: string;
  /** PKCS#8 PEM; null when this process may only publish the key (a previous one). */
  privateKeyPem: string | null;
  /** When it starts (or started) signing; null = from the beginning (a configured key). */
  signsFrom: Date | null;
  /** Until when it is published; null = as long as it is in the set. */
  publishedUntil: Date | null;
};

export type PublishedSigningKey = {
  keyId: string;
  publicKey: string;
  publicKeyPem: string;
  current: boolean;
  signsFrom: Date | null;
  publishedUntil: Date | null;
};

/** The first 16 hex digits of SHA-256 over the raw public key: what X-CP-Signature-Key-Id names. */
export const keyIdOf = (publicKey: string) => createHash("sha256").update(Buffer.from(publicKey, "base64")).digest("hex").slice(0, 16);

export function publicKeyPemOf(publicKey: string): string {
  const der = Buffer.concat([ED25519_SPKI_PREFIX, Buffer.from(publicKey, "base64")]);
  return createPublicKey({ key: der, format: "der", type: "spki" }).export({ type: "spki", format: "pem" }).toString();
}

/** The raw public key (base64) of an Ed25519 private key; throws when it is not one. */
export function publicKeyOfPrivatePem(pem: string): string {
  const privateKey = createPrivateKey(pem);
  if (privateKey.asymmetricKeyType !== "ed25519") throw new Error("the signing key must be an Ed25519 key");
  const spki = createPublicKey(privateKey).export({ type: "spki", format: "der" });
  return spki.subarray(spki.length - 32).toString("base64");
}

/** The key that signs at `now`: the latest started one that has its private part. */
export function signingEntryAt(entries: readonly SigningKeyEntry[], now: number): SigningKeyEntry & { privateKeyPem: string } {
  let chosen: (SigningKeyEntry & { privateKeyPem: string }) | undefined;
  for (const entry of entries) {
    if (entry.privateKeyPem === null || (entry.signsFrom?.getTime() ?? -Infinity) > now) continue;
    if (!chosen || (entry.signsFrom?.getTime() ?? -Infinity) >= (chosen.signsFrom?.getTime() ?? -Infinity)) {
      chosen = { ...entry, privateKeyPem: entry.privateKeyPem };
    }
  }
  if (!chosen) throw new Error("the signing key set has no key that can sign now");
  return chosen;
}

/** When a scheduled key starts signing (the soonest after `now`), or Infinity. */
export function nextSwitchAt(entries: readonly SigningKeyEntry[], now: number): number {
  let soonest = Infinity;
  for (const entry of entries) {
    const from = entry.signsFrom?.getTime();
    if (entry.privateKeyPem !== null && from !== undefined && from > now && from < soonest) soonest = from;
  }
  return soonest;
}

/** Every key published at `now`, the signing one first: a client picks one by X-CP-Signature-Key-Id. */
export function publishedKeysAt(entries: readonly SigningKeyEntry[], now: number): PublishedSigningKey[] {
  const signing = signingEntryAt(entries, now).publicKey;
  const seen = new Set<string>();
  const published: PublishedSigningKey[] = [];
  for (const entry of [...entries].sort((a, b) => Number(b.publicKey === signing) - Number(a.publicKey === signing))) {
    const current = entry.publicKey === signing;
    if (seen.has(entry.publicKey) || (!current && entry.publishedUntil !== null && entry.publishedUntil.getTime() <= now)) continue;
    seen.add(entry.publicKey);
    published.push({
      keyId: keyIdOf(entry.publicKey),
      publicKey: entry.publicKey,
      publicKeyPem: publicKeyPemOf(entry.publicKey),
      current,
      signsFrom: entry.signsFrom,
      publishedUntil: entry.publishedUntil,
    });
  }
  return published;
}

// ---- Keys from the environment ----

const RAW_KEY_BASE64 = /^[A-Za-z0-9+/]{43}=$/;

/**
 * LICENSE_SIGNING_PUBLISHED_KEYS: public keys to publish beside the signing key (the ones signed
 * with before, or the next one before it signs), whether that key is configured or kept in the
 * database; separated by commas or white space, each the raw 32-byte key in
 * base64 (`public_key` of /api/v1/licenses/signing-key), optionally `@` a date or time until which
 * it stays published: `0ed0grv…gMA=@2027-01-31`.
 */
export const publishedKeysEnvSchema = z
  .string()
  .transform((text, context) => {
    const keys: { publicKey: string; publishedUntil: Date | null }[] = [];
    for (const item of text.split(/[\s,]+/).filter(Boolean)) {
      const [publicKey = "", until, ...rest] = item.split("@");
      const date = until === undefined ? null : new Date(until);
      if (!RAW_KEY_BASE64.test(publicKey) || rest.length > 0 || (date !== null && Number.isNaN(date.getTime()))) {
        context.addIssue({ code: "custom", message: `"${item.slice(0, 60)}" is not <base64 public key>[@<date>]` });
        return z.NEVER;
      }
      keys.push({ publicKey, publishedUntil: date });
    }
    return keys;
  });

type ConfiguredPublicKey = { publicKey: string; publishedUntil: Date | null };

/** The keys LICENSE_SIGNING_PUBLISHED_KEYS lists, as entries that are published and never sign. */
export const publishOnly = (published: readonly ConfiguredPublicKey[] = []): SigningKeyEntry[] =>
  published.map((key) => ({ publicKey: key.publicKey, publishedUntil: key.publishedUntil, privateKeyPem: null, signsFrom: null }));

/** The set a configured key makes: it signs, and the listed keys are published beside it. */
export function keySetFromEnvironment(privateKeyPem: string, published: readonly ConfiguredPublicKey[] = []): SigningKeyEntry[] {
  const signing: SigningKeyEntry = { publicKey: publicKeyOfPrivatePem(privateKeyPem), privateKeyPem, signsFrom: null, publishedUntil: null };
  return [signing, ...publishOnly(published)];
}

/**
 * What a stored set no longer needs, dropped: the private part of a key a newer one has replaced
 * (it never signs again), and keys past their published-until date. The same array when nothing
 * changes, so the caller knows whether to write.
 */
export function pruneKeySet(entries: SigningKeyEntry[], now: number): SigningKeyEntry[] {
  const signing = signingEntryAt(entries, now).publicKey;
  let changed = false;
  const kept: SigningKeyEntry[] = [];
  for (const entry of entries) {
    const started = (entry.signsFrom?.getTime() ?? -Infinity) <= now;
    if (entry.publicKey === signing || !started) {
      kept.push(entry);
    } else if (entry.publishedUntil !== null && entry.publishedUntil.getTime() <= now) {
      changed = true;
    } else if (entry.privateKeyPem !== null) {
      kept.push({ ...entry, privateKeyPem: null });
      changed = true;
    } else {
      kept.push(entry);
    }
  }
  return changed ? kept : entries;
}
