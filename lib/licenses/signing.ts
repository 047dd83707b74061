// Ed25519 signatures over the exact bytes of every Verify answer, so an installed product can
// trust a cached answer (and a proxy cannot forge one). The signing key comes from the environment
// (LICENSE_SIGNING_PRIVATE_KEY) or else from the database (signing-key-store.ts), shared by every
// instance and rotated with `npm run signing-key:rotate`; LICENSE_SIGNING_PUBLISHED_KEYS adds
// public keys to publish beside it either way (docs/security-keys.md).
//
// Verify signs thousands of answers an hour: finding the key is a cached lookup. Each process
// re-reads the stored set every LICENSE_SIGNING_KEYS_REFRESH_SECONDS on a timer, while requests
// keep using the set in hand, and switches to a scheduled key at its start time.
import { createPrivateKey, sign, type KeyObject } from "node:crypto";
import type { DbClient } from "../db";
import { getEnv } from "../env";
import {
  keyIdOf,
  keySetFromEnvironment,
  nextSwitchAt,
  pruneKeySet,
  publicKeyOfPrivatePem,
  publicKeyPemOf,
  publishedKeysAt,
  publishOnly,
  signingEntryAt,
  type PublishedSigningKey,
  type SigningKeyEntry,
} from "./signing-key-set";
import { loadSigningKeys, writeSigningKeys, type StoredSigningKeys } from "./signing-key-store";
import { SigningWorker } from "./signing-worker";
import { logger } from "../observability/logger";

export const SIGNATURE_HEADER = "X-CP-Signature";
export const SIGNATURE_KEY_ID_HEADER = "X-CP-Signature-Key-Id";

export type SigningKey = {
  keyId: string;
  privateKey: KeyObject;
  /** Signs off the event loop (see signing-worker.ts). */
  worker: SigningWorker;
  /** The raw 32-byte public key, base64 (what libsodium / PHP's sodium_* functions take). */
  publicKeyBase64: string;
  publicKeyPem: string;
};

export function signingKeyFromPem(pem: string): SigningKey {
  const privateKey = createPrivateKey(pem);
  const publicKeyBase64 = publicKeyOfPrivatePem(pem);
  return {
    keyId: keyIdOf(publicKeyBase64),
    privateKey,
    worker: new SigningWorker(pem, privateKey),
    publicKeyBase64,
    publicKeyPem: publicKeyPemOf(publicKeyBase64),
  };
}

type KeyState = {
  /** The stored set plus configured public keys, or the configured keys alone. */
  entries: SigningKeyEntry[];
  signing: SigningKey;
  /** Handed to every caller, so the hot path allocates nothing. */
  current: Promise<SigningKey>;
  /** When a scheduled key starts signing (Infinity: none): the hot path's only check. */
  switchAt: number;
};

let state: KeyState | undefined;
let loading: Promise<KeyState> | undefined;

/** Takes a set into use: the key it signs with now (reused when unchanged), and when to look again. */
function adopt(entries: SigningKeyEntry[], now: number): KeyState {
  const entry = signingEntryAt(entries, now);
  const previous = state;
  const unchanged = previous?.signing.publicKeyBase64 === entry.publicKey;
  const signing = previous && unchanged ? previous.signing : signingKeyFromPem(entry.privateKeyPem);
  if (previous && !unchanged) previous.signing.worker.close(); // once it has signed what it was given
  const current = previous && unchanged ? previous.current : Promise.resolve(signing);
  state = { entries, signing, current, switchAt: nextSwitchAt(entries, now) };
  return state;
}

/** The set the environment configures (LICENSE_SIGNING_PRIVATE_KEY), or null when the database keeps it. */
function configuredKeySet(): SigningKeyEntry[] | null {
  const env = getEnv();
  if (!env.LICENSE_SIGNING_PRIVATE_KEY) return null;
  return keySetFromEnvironment(env.LICENSE_SIGNING_PRIVATE_KEY.replace(/\\n/g, "\n"), env.LICENSE_SIGNING_PUBLISHED_KEYS);
}

async function loadState(db: DbClient): Promise<KeyState> {
  const now = Date.now();
  const configured = configuredKeySet();
  if (configured) return adopt(configured, now); // configured keys change only with a restart
  const stored = await loadSigningKeys(db);
  const loaded = adopt(withConfiguredKeys(stored.entries), now);
  // A timer, not the requests, so an idle instance is as current as a busy one; unref'd, so it
  // never keeps a CLI or test process alive.
  setInterval(() => void refresh(db), getEnv().LICENSE_SIGNING_KEYS_REFRESH_SECONDS * 1000).unref();
  return loaded;
}

/** The stored set plus the public keys the operator lists (e.g. the next key, before moving it to the environment). */
const withConfiguredKeys = (entries: SigningKeyEntry[]) => [...entries, ...publishOnly(getEnv().LICENSE_SIGNING_PUBLISHED_KEYS)];

let refreshing = false;

/** Re-reads the stored set; on failure keeps the one in hand and tries again next interval. */
async function refresh(db: DbClient) {
  if (refreshing) return; // a slow database must not pile refreshes up
  refreshing = true;
  try {
    const stored = await loadSigningKeys(db);
    adopt(withConfiguredKeys(stored.entries), Date.now());
    await tidy(db, stored);
  } catch (error) {
    logger.child({ component: "signing-keys" }).error({ err: error }, "refresh failed; signing with the keys in hand");
  } finally {
    refreshing = false;
  }
}

/** Erases what a rotation made obsolete (a replaced private key, expired keys); first instance wins. */
async function tidy(db: DbClient, stored: StoredSigningKeys) {
  const pruned = pruneKeySet(stored.entries, Date.now());
  if (pruned !== stored.entries && stored.stored !== null) await writeSigningKeys(db, stored.stored, pruned);
}

/** The key that signs answers now: loaded once per process, then a cached lookup per call. */
export function getSigningKey(db: DbClient): Promise<SigningKey> {
  const known = state;
  if (!known) {
    loading ??= loadState(db).finally(() => (loading = undefined));
    return loading.then((loaded) => loaded.signing);
  }
  if (Date.now() >= known.switchAt) return adopt(known.entries, Date.now()).current;
  return known.current;
}

/** Every public key published now, the signing one first (GET /api/v1/licenses/signing-key). */
export async function getPublishedSigningKeys(db: DbClient): Promise<{ signing: SigningKey; keys: PublishedSigningKey[] }> {
  const signing = await getSigningKey(db);
  return { signing, keys: publishedKeysAt(state?.entries ?? [], Date.now()) };
}

/**
 * The public keys (base64) published now, read without starting a signer: for code that ships them
 * inside a product (the demo store's releases). A first call on a new store creates its key.
 */
export async function publishedPublicKeys(db: DbClient): Promise<string[]> {
  const entries = configuredKeySet() ?? withConfiguredKeys((await loadSigningKeys(db)).entries);
  return publishedKeysAt(entries, Date.now()).map((key) => key.publicKey);
}

/** How long a client may cache the published keys: an instance picks up a rotation as fast. */
export const publishedKeysMaxAgeSeconds = () => Math.min(getEnv().LICENSE_SIGNING_KEYS_REFRESH_SECONDS, 300);

/** Base64 Ed25519 signature of the exact body bytes. */
export function signBody(key: SigningKey, body: Uint8Array): string {
  return sign(null, body, key.privateKey).toString("base64");
}

/** The signature of the UTF-8 bytes of `body`, computed on the signing worker thread. */
export function signBodyOffThread(key: SigningKey, body: string): Promise<string> {
  return key.worker.sign(body).catch(() => signBody(key, Buffer.from(body, "utf8")));
}
