// OWASP's device cookie ("Slow Down Online Guessing Attacks with Device Cookies"): a browser that
// once signed in to an account gets a signed token naming that account. Failures from anywhere
// else can slow the account down for unknown browsers, never for this one, so an attacker can
// throttle an account but cannot lock its owner out. The token proves only "this browser knew the
// password once"; it signs nobody in and is worthless for any other account.
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

export const DEVICE_COOKIE_NAME = "cp_device";
/** How long a browser stays known without signing in again. */
export const DEVICE_TOKEN_MAX_AGE_SECONDS = 180 * 24 * 60 * 60;

// A key of its own, derived from the session secret, so a device token can never be confused
// with anything else signed by that secret.
function deviceKey(secret: string): Buffer {
  return createHmac("sha256", secret).update("cp-store device token v1").digest();
}

function mac(secret: string, email: string, issuedAt: number, nonce: string): Buffer {
  // The email is signed, not stored: the cookie does not reveal which account it is for.
  return createHmac("sha256", deviceKey(secret)).update(`${email}\n${issuedAt}\n${nonce}`).digest();
}

/** A token for `email` (already normalised), as `issuedAt.nonce.mac` (seconds, base64url parts). */
export function issueDeviceToken(email: string, secret: string, now = new Date()): string {
  const issuedAt = Math.floor(now.getTime() / 1000);
  const nonce = randomBytes(16).toString("base64url");
  return `${issuedAt}.${nonce}.${mac(secret, email, issuedAt, nonce).toString("base64url")}`;
}

/** True when `token` was issued by this store for `email` within the last 180 days. Never throws. */
export function isTrustedDevice(token: unknown, email: string, secret: string, now = new Date()): boolean {
  if (typeof token !== "string" || token.length > 200) return false;
  const [issuedAtText, nonce, signature, extra] = token.split(".");
  if (!issuedAtText || !nonce || !signature || extra !== undefined || !/^\d{1,12}$/.test(issuedAtText)) return false;
  const issuedAt = Number(issuedAtText);
  const age = Math.floor(now.getTime() / 1000) - issuedAt;
  if (age < 0 || age > DEVICE_TOKEN_MAX_AGE_SECONDS) return false;
  const expected = mac(secret, email, issuedAt, nonce);
  const actual = Buffer.from(signature, "base64url");
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
