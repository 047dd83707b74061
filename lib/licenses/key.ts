// License key format: `CP-XXXXX-XXXXX-XXXXX-XXXXX-XXXXC`.
//
// 24 random Crockford base32 characters (120 bits from crypto.randomBytes) plus one check
// character C, shown as five groups of five. The check character makes the 25-character body a
// word of a linear code over GF(32), the field with 32 elements: reading symbol values d1..d25
// (d25 = C), the body is valid when  sum(d_i * 2^(25-i)) = 0  in GF(32).
//
// Why GF(32) and not an integer modulus: the alphabet has 32 symbols and 32 is not prime, so
// integer arithmetic mod 32 has zero divisors (a weighted sum could miss a substitution), mod 31
// confuses values 0 and 31 (`0` and `Z`), and mod 37 needs five extra check symbols (`*~$=U`)
// that are not copy/paste or URL friendly. GF(32) is a field of exactly the alphabet's size, so:
//  - a substitution at position i changes the sum by 2^k * (a - b), a product of non-zero field
//    elements, which is never 0: every single substitution is caught;
//  - swapping adjacent symbols x != y changes it by 2^k * (2 + 1) * (x - y), again a product of
//    non-zero elements (2 != 1): every adjacent transposition is caught, including one that
//    involves the check character or straddles a dash.
// This is Damm's algorithm with the totally anti-symmetric quasigroup x * y = 2x + y over GF(32).
// tests/unit/licenses/key.test.ts checks both claims exhaustively over a sample of keys.
import { randomBytes } from "node:crypto";

/** Crockford base32: digits and upper-case letters without I, L, O and U. */
export const LICENSE_KEY_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
export const LICENSE_KEY_PREFIX = "CP";
export const LICENSE_KEY_GROUP_COUNT = 5;
export const LICENSE_KEY_GROUP_SIZE = 5;
/** Body = random characters + one check character. */
export const LICENSE_KEY_BODY_LENGTH = LICENSE_KEY_GROUP_COUNT * LICENSE_KEY_GROUP_SIZE;
export const LICENSE_KEY_RANDOM_LENGTH = LICENSE_KEY_BODY_LENGTH - 1;
export const LICENSE_KEY_RANDOM_BITS = LICENSE_KEY_RANDOM_LENGTH * 5;
/** Pasted input longer than this is rejected before any parsing. */
export const LICENSE_KEY_MAX_INPUT_LENGTH = 100;
/** The canonical form, exactly as generateLicenseKey and normalizeLicenseKey produce it. */
export const LICENSE_KEY_PATTERN = /^CP(?:-[0-9A-HJKMNP-TV-Z]{5}){5}$/;
/**
 * A key in canonical form with a valid check character: what normalizeLicenseKey returns, and
 * what the store saves. Code that takes one need not normalise again.
 */
export type LicenseKey = string & { readonly __licenseKey: unique symbol };

/** A key read back from the database: saved keys are canonical by construction (generateLicenseKey). */
export const storedLicenseKey = (key: string): LicenseKey => key as LicenseKey;

const CANONICAL_LENGTH = LICENSE_KEY_PREFIX.length + LICENSE_KEY_GROUP_COUNT * (LICENSE_KEY_GROUP_SIZE + 1);

const MASK = "*****";
const SYMBOL_VALUE = new Map([...LICENSE_KEY_ALPHABET].map((ch, value) => [ch, value]));
/** Crockford decoding of look-alikes; applied after upper-casing. */
const LOOK_ALIKES: Record<string, string> = { O: "0", I: "1", L: "1" };
/** Dashes customers paste from rich text, besides the ASCII hyphen-minus. */
const SEPARATORS = /[\s\-\u2010-\u2015\u2212]/g;

/** Multiplies by 2 in GF(32) = GF(2)[x] / (x^5 + x^2 + 1). */
function times2(value: number): number {
  const shifted = value << 1;
  return shifted & 0b100000 ? shifted ^ 0b100101 : shifted;
}

/**
 * The GF(32) sum of a key already in canonical form (0 when its check character is right),
 * read straight from the string: Verify checks every key it receives, so this path allocates
 * nothing.
 */
function canonicalChecksum(key: string): number {
  let acc = 0;
  for (let i = LICENSE_KEY_PREFIX.length; i < key.length; i++) {
    if (key.charCodeAt(i) === 45 /* "-" */) continue;
    acc = times2(acc) ^ (SYMBOL_VALUE.get(key[i] ?? "") ?? 0);
  }
  return acc;
}

/** Horner evaluation of sum(d_i * 2^(n-i)) in GF(32); addition in GF(2^k) is XOR. */
function checksum(values: readonly number[]): number {
  return values.reduce((acc, value) => times2(acc) ^ value, 0);
}

function symbolValues(body: string): number[] | null {
  const values: number[] = [];
  for (const ch of body) {
    const value = SYMBOL_VALUE.get(ch);
    if (value === undefined) return null;
    values.push(value);
  }
  return values;
}

function formatBody(body: string): string {
  const groups: string[] = [];
  for (let i = 0; i < body.length; i += LICENSE_KEY_GROUP_SIZE) {
    groups.push(body.slice(i, i + LICENSE_KEY_GROUP_SIZE));
  }
  return [LICENSE_KEY_PREFIX, ...groups].join("-");
}

/**
 * The check character for a body of random characters: the symbol that brings the GF(32)
 * weighted sum of the whole body to zero. Throws on characters outside the alphabet.
 */
export function computeLicenseKeyCheckCharacter(randomPart: string): string {
  const values = symbolValues(randomPart);
  if (values === null) throw new Error("License key body has characters outside the alphabet");
  // Appending c gives times2(sum) ^ c, which is 0 exactly when c = times2(sum).
  const check = LICENSE_KEY_ALPHABET[times2(checksum(values))];
  if (check === undefined) throw new Error("unreachable: GF(32) values are 0..31");
  return check;
}

/**
 * A new license key: `CP-` + 24 Crockford base32 characters from crypto.randomBytes (120 bits)
 * + one check character, in five groups of five. Always in canonical form.
 */
export function generateLicenseKey(): string {
  const bytes = randomBytes((LICENSE_KEY_RANDOM_BITS + 7) >> 3);
  let randomPart = "";
  for (let i = 0; i < LICENSE_KEY_RANDOM_LENGTH; i++) {
    // Read 5 bits starting at bit 5i (big-endian); 120 bits fill 15 bytes exactly.
    const bit = i * 5;
    const pair = ((bytes[bit >> 3] ?? 0) << 8) | (bytes[(bit >> 3) + 1] ?? 0);
    randomPart += LICENSE_KEY_ALPHABET[(pair >> (11 - (bit & 7))) & 31];
  }
  return formatBody(randomPart + computeLicenseKeyCheckCharacter(randomPart));
}

/**
 * Turns what a customer pasted into the canonical `CP-…` key, or null when it cannot be a key.
 * Accepts any case, spaces and dashes anywhere (or none), an optional `CP` prefix, and Crockford
 * look-alikes (O → 0, I/L → 1). Returns null for input over 100 characters, a wrong length, a
 * character outside the alphabet, or a wrong check character, so a mistyped key is rejected
 * without a database lookup.
 */
export function normalizeLicenseKey(input: string): LicenseKey | null {
  // What installed products send: the key exactly as issued.
  if (input.length === CANONICAL_LENGTH && LICENSE_KEY_PATTERN.test(input)) {
    return canonicalChecksum(input) === 0 ? (input as LicenseKey) : null;
  }
  if (input.length > LICENSE_KEY_MAX_INPUT_LENGTH) return null;
  let body = input.toUpperCase().replace(SEPARATORS, "");
  // Decide on the prefix by length: a body may itself start with "CP".
  if (body.length === LICENSE_KEY_BODY_LENGTH + LICENSE_KEY_PREFIX.length) {
    if (!body.startsWith(LICENSE_KEY_PREFIX)) return null;
    body = body.slice(LICENSE_KEY_PREFIX.length);
  }
  if (body.length !== LICENSE_KEY_BODY_LENGTH) return null;
  body = body.replace(/[OIL]/g, (ch) => LOOK_ALIKES[ch] ?? ch);
  const values = symbolValues(body);
  if (values === null || checksum(values) !== 0) return null;
  return formatBody(body) as LicenseKey;
}

/** True when `key` is already a canonical key with a valid check character. */
export function isCanonicalLicenseKey(key: string): boolean {
  return LICENSE_KEY_PATTERN.test(key) && normalizeLicenseKey(key) === key;
}

/**
 * The key with every group but the last replaced by `*****`, for public responses and logs:
 * `CP-*****-*****-*****-*****-7QK2M`. Input that is not a valid key is masked completely.
 */
export function maskLicenseKey(key: string): string {
  const canonical = normalizeLicenseKey(key);
  return canonical === null ? MASKED_PREFIX + MASK : maskCanonicalLicenseKey(canonical);
}

/** maskLicenseKey for a key known to be canonical: no second parse. */
export function maskCanonicalLicenseKey(key: LicenseKey): string {
  return MASKED_PREFIX + key.slice(-LICENSE_KEY_GROUP_SIZE);
}

/** `CP-*****-*****-*****-*****-`: everything a masked key shows before its last group. */
const MASKED_PREFIX = [LICENSE_KEY_PREFIX, ...Array<string>(LICENSE_KEY_GROUP_COUNT - 1).fill(MASK), ""].join("-");
