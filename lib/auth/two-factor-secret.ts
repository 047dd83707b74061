// The TOTP secret at rest. Unlike a password it cannot be hashed (the server must compute codes
// from it), so it is encrypted: AES-256-GCM with a key derived (HKDF-SHA256) from NEXTAUTH_SECRET,
// which every instance already has and a database dump or backup does not. The user's id is the
// associated data, so a ciphertext copied onto another account does not decrypt there.
// Rotating NEXTAUTH_SECRET makes stored secrets unreadable: sign-in then takes a recovery code
// (hashed, no key needed) or `admin:create --reset-2fa`, and the account sets two-factor up again.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { getEnv } from "../env";

const VERSION = "v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Thrown when the key is missing: never fall back to storing the secret readable. */
export class TwoFactorKeyError extends Error {}

function keyFrom(sessionSecret: string): Buffer {
  return Buffer.from(hkdfSync("sha256", sessionSecret, "", "cp-store two-factor secret v1", 32));
}

/** NEXTAUTH_SECRET, which `npm start` always provides (in a demo store from the database). */
export function twoFactorKeySecret(): string {
  const secret = getEnv().NEXTAUTH_SECRET;
  if (!secret) throw new TwoFactorKeyError("NEXTAUTH_SECRET is not set: two-factor secrets cannot be encrypted");
  return secret;
}

/** `v1.<iv.ciphertext.tag as base64url>` */
export function encryptTotpSecret(plain: string, input: { userId: string; sessionSecret: string }): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", keyFrom(input.sessionSecret), iv);
  cipher.setAAD(Buffer.from(input.userId, "utf8"));
  const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return `${VERSION}.${Buffer.concat([iv, body, cipher.getAuthTag()]).toString("base64url")}`;
}

/** The plain secret, or null when it was encrypted under another key or for another user. */
export function decryptTotpSecret(stored: string, input: { userId: string; sessionSecret: string }): string | null {
  const [version, payload, extra] = stored.split(".");
  if (version !== VERSION || !payload || extra !== undefined) return null;
  const bytes = Buffer.from(payload, "base64url");
  if (bytes.length <= IV_BYTES + TAG_BYTES) return null;
  try {
    const decipher = createDecipheriv("aes-256-gcm", keyFrom(input.sessionSecret), bytes.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(input.userId, "utf8"));
    decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
    return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES)), decipher.final()]).toString("utf8");
  } catch {
    return null;
  }
}
