// The device token (OWASP's device cookie): proof that this browser once signed in to this
// account, so the account's shared sign-in backoff never applies to it. It must be bound to the
// account and the store's secret, expire, and never throw on garbage.
import { describe, expect, it } from "vitest";
import { DEVICE_TOKEN_MAX_AGE_SECONDS, isTrustedDevice, issueDeviceToken } from "../../../lib/auth/device-token";

const SECRET = "a-test-secret-of-at-least-32-characters!";
const EMAIL = "owner@example.com";

describe("device tokens", () => {
  it("trusts a token for the account it was issued for, and for no other", () => {
    const token = issueDeviceToken(EMAIL, SECRET);
    expect(isTrustedDevice(token, EMAIL, SECRET)).toBe(true);
    expect(isTrustedDevice(token, "someone@example.com", SECRET)).toBe(false);
    expect(isTrustedDevice(token, EMAIL, "another-secret-of-at-least-32-characters")).toBe(false);
    expect(token).not.toContain("owner"); // the cookie does not name the account
  });

  it("expires after 180 days, and refuses a date in the future", () => {
    const issued = new Date("2026-01-01T00:00:00Z");
    const token = issueDeviceToken(EMAIL, SECRET, issued);
    const at = (seconds: number) => new Date(issued.getTime() + seconds * 1000);
    expect(isTrustedDevice(token, EMAIL, SECRET, at(DEVICE_TOKEN_MAX_AGE_SECONDS))).toBe(true);
    expect(isTrustedDevice(token, EMAIL, SECRET, at(DEVICE_TOKEN_MAX_AGE_SECONDS + 1))).toBe(false);
    expect(isTrustedDevice(token, EMAIL, SECRET, at(-1))).toBe(false);
  });

  it("refuses a token whose parts were changed", () => {
    const [issuedAt, nonce, mac] = issueDeviceToken(EMAIL, SECRET).split(".");
    expect(isTrustedDevice(`${Number(issuedAt) + 1}.${nonce}.${mac}`, EMAIL, SECRET)).toBe(false);
    expect(isTrustedDevice(`${issuedAt}.${nonce}x.${mac}`, EMAIL, SECRET)).toBe(false);
    expect(isTrustedDevice(`${issuedAt}.${nonce}.${mac?.slice(1)}`, EMAIL, SECRET)).toBe(false);
  });

  it.each([undefined, null, "", "garbage", "1.2", "1.2.3.4", "x.y.z", 42, ["a.b.c"], "9".repeat(500)])("refuses %j without throwing", (token) => {
    expect(isTrustedDevice(token, EMAIL, SECRET)).toBe(false);
  });
});
