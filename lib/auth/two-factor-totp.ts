// TOTP (RFC 6238) as every authenticator app reads it: SHA-1, 6 digits, 30-second steps, the
// otpauth:// URI its QR code carries. Pure: which time step a code belongs to is decided here; the
// rule that a step is accepted only once lives in the database (two-factor-verify.ts).
import { timingSafeEqual } from "node:crypto";
import { HOTP, Secret, TOTP } from "otpauth";

export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;
/** Steps either side of now that still count: a phone clock a little off, a code typed at a step's end. */
export const TOTP_WINDOW = 1;
const ALGORITHM = "SHA1";

/** 160 random bits (RFC 4226's recommended size), as the base32 text an app accepts typed in. */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** The time step `now` falls in: whole periods since the Unix epoch. */
export function timeStepAt(now: Date): number {
  return Math.floor(now.getTime() / 1000 / TOTP_PERIOD_SECONDS);
}

/** The code an authenticator shows for `secret` during `step` (tests and the e2e use it too). */
export function totpCodeForStep(secret: string, step: number): string {
  return HOTP.generate({ secret: Secret.fromBase32(secret), algorithm: ALGORITHM, digits: TOTP_DIGITS, counter: step });
}

/** "123 456", "123456 " → "123456"; anything that is not six digits then → null. */
export function normaliseTotpCode(input: string): string | null {
  const digits = input.replace(/[\s-]/g, "");
  return /^\d{6}$/.test(digits) ? digits : null;
}

/**
 * The time step `code` is the code of, within ±TOTP_WINDOW steps of `now`, and later than
 * `afterStep` (the last step this account used); null when none matches. Every step of the
 * window is compared (in constant time), so the answer's timing does not say which one matched.
 */
export function matchTotpStep(secret: string, code: string, now: Date, afterStep: number | null = null): number | null {
  const normalised = normaliseTotpCode(code);
  if (!normalised) return null;
  const given = Buffer.from(normalised);
  const current = timeStepAt(now);
  let matched: number | null = null;
  for (let step = current - TOTP_WINDOW; step <= current + TOTP_WINDOW; step++) {
    const equal = timingSafeEqual(Buffer.from(totpCodeForStep(secret, step)), given);
    if (equal && matched === null && (afterStep === null || step > afterStep)) matched = step;
  }
  return matched;
}

/** The otpauth:// URI of the QR code: the store's name as issuer, the account's email as label. */
export function totpUri(input: { secret: string; issuer: string; account: string }): string {
  return new TOTP({
    issuer: input.issuer,
    label: input.account,
    secret: Secret.fromBase32(input.secret),
    algorithm: ALGORITHM,
    digits: TOTP_DIGITS,
    period: TOTP_PERIOD_SECONDS,
  }).toString();
}

/** The secret as people type it: groups of four ("JBSW Y3DP …"); apps ignore the spaces. */
export function formatTotpSecret(secret: string): string {
  return secret.replace(/(.{4})(?=.)/g, "$1 ");
}
