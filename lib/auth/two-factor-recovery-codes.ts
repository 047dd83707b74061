// Recovery codes: the way in when the phone with the authenticator is lost. Ten per account, each
// 80 random bits in Crockford's base32 (16 characters, shown as xxxx-xxxx-xxxx-xxxx), so a plain
// SHA-256 is enough to keep them (nothing to guess, as with user-tokens.ts), and typing them is
// forgiving: case, spaces, dashes and the look-alikes O/I/L do not matter.
import { createHash, randomBytes } from "node:crypto";

export const RECOVERY_CODE_COUNT = 10;
const ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";
const CODE_LENGTH = 16;

/** A fresh code as it is shown: four groups of four. */
export function newRecoveryCode(): string {
  let bits = BigInt(`0x${randomBytes(10).toString("hex")}`);
  let code = "";
  for (let i = 0; i < CODE_LENGTH; i++) {
    code = ALPHABET[Number(bits & 31n)] + code;
    bits >>= 5n;
  }
  return code.replace(/(.{4})(?=.)/g, "$1-");
}

/** What was typed, in its canonical form, or null when it cannot be a recovery code. */
export function normaliseRecoveryCode(input: string): string | null {
  const code = input.replace(/[\s-]/g, "").toLowerCase().replace(/o/g, "0").replace(/[il]/g, "1");
  return code.length === CODE_LENGTH && [...code].every((ch) => ALPHABET.includes(ch)) ? code : null;
}

/** The stored form of a (normalised) code. */
export function hashRecoveryCode(normalised: string): string {
  return createHash("sha256").update(`cp-recovery:${normalised}`, "utf8").digest("hex");
}

/** A new set: the codes to show once, and the hashes to store. */
export function newRecoveryCodes(): { codes: string[]; hashes: string[] } {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  return { codes, hashes: codes.map((code) => hashRecoveryCode(normaliseRecoveryCode(code) ?? "")) };
}
