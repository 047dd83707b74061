// API key secrets: `sk_` + 32 base32 characters (160 bits from crypto.randomBytes). Only a
// SHA-256 hash is stored: the secret is random and high-entropy, so a fast unsalted hash is
// enough (nobody can guess 2^160 inputs), and it lets a request be authenticated by looking the
// hash up in a unique index instead of comparing against every key.
import { createHash, randomBytes } from "node:crypto";

export const API_KEY_SECRET_PREFIX = "sk_";
/** RFC 4648 base32, lower case: no `-` or `_`, so a double-click selects the whole secret. */
const ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";
const RANDOM_BYTES = 20;
const RANDOM_CHARACTERS = (RANDOM_BYTES * 8) / 5;
/** How much of the secret Admin shows to tell keys apart: `sk_` + 9 characters. */
export const API_KEY_DISPLAY_PREFIX_LENGTH = 12;
export const API_KEY_SECRET_PATTERN = new RegExp(`^${API_KEY_SECRET_PREFIX}[${ALPHABET}]{${RANDOM_CHARACTERS}}$`);

/** A new secret; shown to its creator once and never stored. */
export function generateApiKeySecret(): string {
  const bytes = randomBytes(RANDOM_BYTES);
  let bits = 0;
  let value = 0;
  let text = "";
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      text += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  return `${API_KEY_SECRET_PREFIX}${text}`;
}

export function hashApiKeySecret(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex");
}

export function apiKeyDisplayPrefix(secret: string): string {
  return secret.slice(0, API_KEY_DISPLAY_PREFIX_LENGTH);
}

export function isApiKeySecret(text: string): boolean {
  return API_KEY_SECRET_PATTERN.test(text);
}
