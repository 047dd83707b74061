// Ed25519 signatures over the exact bytes of every Verify answer, so an installed product can
// trust a cached answer (and a proxy cannot forge one). The key pair is created on first use and
// kept in the database, so every app instance signs with the same key; LICENSE_SIGNING_PRIVATE_KEY
// (PKCS#8 PEM) overrides it in production.
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from "node:crypto";
import type { DbClient } from "../db";
import { getEnv } from "../env";
import { getOrCreateSetting } from "../settings";
import { SigningWorker } from "./signing-worker";

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

let cached: Promise<SigningKey> | undefined;

function newPrivateKeyPem(): string {
  return generateKeyPairSync("ed25519").privateKey.export({ type: "pkcs8", format: "pem" }).toString();
}

export function signingKeyFromPem(pem: string): SigningKey {
  const privateKey = createPrivateKey(pem);
  if (privateKey.asymmetricKeyType !== "ed25519") throw new Error("LICENSE_SIGNING_PRIVATE_KEY must be an Ed25519 key");
  const publicKey = createPublicKey(privateKey);
  const spki = publicKey.export({ type: "spki", format: "der" });
  const raw = spki.subarray(spki.length - 32);
  return {
    keyId: createHash("sha256").update(raw).digest("hex").slice(0, 16),
    privateKey,
    worker: new SigningWorker(pem, privateKey),
    publicKeyBase64: raw.toString("base64"),
    publicKeyPem: publicKey.export({ type: "spki", format: "pem" }).toString(),
  };
}

/** The store's signing key, loaded (or created) once per process. */
export function getSigningKey(db: DbClient): Promise<SigningKey> {
  cached ??= (async () => {
    const configured = getEnv().LICENSE_SIGNING_PRIVATE_KEY?.replace(/\\n/g, "\n");
    const pem = configured ?? (await getOrCreateSetting(db, "license_signing_private_key", newPrivateKeyPem));
    return signingKeyFromPem(pem);
  })().catch((error: unknown) => {
    cached = undefined;
    throw error;
  });
  return cached;
}

/** Base64 Ed25519 signature of the exact body bytes. */
export function signBody(key: SigningKey, body: Uint8Array): string {
  return sign(null, body, key.privateKey).toString("base64");
}

/** The signature of the UTF-8 bytes of `body`, computed on the signing worker thread. */
export function signBodyOffThread(key: SigningKey, body: string): Promise<string> {
  return key.worker.sign(body).catch(() => signBody(key, Buffer.from(body, "utf8")));
}
