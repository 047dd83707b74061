// The pure parts of two-factor sign-in: TOTP codes as RFC 6238 computes them (SHA-1, 6 digits,
// 30 s), the ±1 step window, a step at or before the last used one refused (no replay), the
// otpauth:// URI of the QR code, the secret's encryption at rest, and recovery codes.
import { describe, expect, it } from "vitest";
import {
  hashRecoveryCode,
  newRecoveryCodes,
  normaliseRecoveryCode,
  RECOVERY_CODE_COUNT,
} from "../../../lib/auth/two-factor-recovery-codes";
import { decryptTotpSecret, encryptTotpSecret } from "../../../lib/auth/two-factor-secret";
import {
  formatTotpSecret,
  matchTotpStep,
  newTotpSecret,
  normaliseTotpCode,
  timeStepAt,
  totpCodeForStep,
  totpUri,
} from "../../../lib/auth/two-factor-totp";

// RFC 6238 appendix B's SHA-1 key, "12345678901234567890", in base32.
const RFC_SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
const at = (seconds: number) => new Date(seconds * 1000);

describe("TOTP codes", () => {
  // The RFC's 8-digit values; six digits are their last six (the same number mod 10^6).
  it.each([
    [59, "94287082"],
    [1111111109, "07081804"],
    [1111111111, "14050471"],
    [1234567890, "89005924"],
    [2000000000, "69279037"],
    [20000000000, "65353130"],
  ])("at %i s the code is the last six digits of RFC 6238's %s", (seconds, rfc) => {
    expect(totpCodeForStep(RFC_SECRET, timeStepAt(at(seconds)))).toBe(rfc.slice(2));
  });

  it("steps are 30 seconds from the epoch", () => {
    expect([0, 29, 30, 59, 60].map((s) => timeStepAt(at(s)))).toEqual([0, 0, 1, 1, 2]);
  });

  it("accepts the code of the current step and of one step either side, never two", () => {
    const now = at(1_800_000_015);
    const step = timeStepAt(now);
    for (const offset of [-1, 0, 1]) expect(matchTotpStep(RFC_SECRET, totpCodeForStep(RFC_SECRET, step + offset), now)).toBe(step + offset);
    for (const offset of [-3, -2, 2, 3]) expect(matchTotpStep(RFC_SECRET, totpCodeForStep(RFC_SECRET, step + offset), now)).toBeNull();
  });

  it("refuses a step at or before the last one the account used: a code works once", () => {
    const now = at(1_800_000_015);
    const step = timeStepAt(now);
    const code = totpCodeForStep(RFC_SECRET, step);
    expect(matchTotpStep(RFC_SECRET, code, now, step - 1)).toBe(step);
    expect(matchTotpStep(RFC_SECRET, code, now, step)).toBeNull();
    expect(matchTotpStep(RFC_SECRET, code, now, step + 1)).toBeNull();
    // An earlier code of the window, after a later one was used: refused too.
    expect(matchTotpStep(RFC_SECRET, totpCodeForStep(RFC_SECRET, step - 1), now, step)).toBeNull();
    expect(matchTotpStep(RFC_SECRET, totpCodeForStep(RFC_SECRET, step + 1), now, step)).toBe(step + 1);
  });

  it.each([
    ["123456", "123456"],
    [" 123 456 ", "123456"],
    ["123-456", "123456"],
    ["12345", null],
    ["1234567", null],
    ["12345a", null],
    ["", null],
  ])("reads %j as %j", (input, expected) => {
    expect(normaliseTotpCode(input)).toBe(expected);
  });

  it("a wrong code, or one for another secret, matches nothing", () => {
    const now = at(1_800_000_015);
    const other = newTotpSecret();
    expect(matchTotpStep(RFC_SECRET, totpCodeForStep(other, timeStepAt(now)), now)).toBeNull();
    expect(matchTotpStep(RFC_SECRET, "not a code", now)).toBeNull();
  });

  it("secrets are 160 random bits in base32; the QR's URI names the store, the account and the parameters", () => {
    const secrets = Array.from({ length: 20 }, newTotpSecret);
    expect(new Set(secrets).size).toBe(20);
    for (const secret of secrets) expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    const uri = new URL(totpUri({ secret: RFC_SECRET, issuer: "CP Store", account: "owner@shop.test" }));
    expect(uri.protocol).toBe("otpauth:");
    expect(uri.host).toBe("totp");
    expect(decodeURIComponent(uri.pathname)).toBe("/CP Store:owner@shop.test");
    expect(Object.fromEntries(uri.searchParams)).toEqual({ issuer: "CP Store", secret: RFC_SECRET, algorithm: "SHA1", digits: "6", period: "30" });
    expect(formatTotpSecret("ABCDEFGHIJ")).toBe("ABCD EFGH IJ");
  });
});

describe("the secret at rest", () => {
  const sessionSecret = "a-session-secret-of-at-least-thirty-two-chars";

  it("is AES-GCM encrypted, differently each time, and reads back for its own user and key only", () => {
    const plain = newTotpSecret();
    const one = encryptTotpSecret(plain, { userId: "user-1", sessionSecret });
    const two = encryptTotpSecret(plain, { userId: "user-1", sessionSecret });
    expect(one).not.toBe(two);
    expect(one).toMatch(/^v1\.[A-Za-z0-9_-]+$/);
    expect(one).not.toContain(plain);
    expect(decryptTotpSecret(one, { userId: "user-1", sessionSecret })).toBe(plain);
    // Copied onto another account, or after NEXTAUTH_SECRET changed: unreadable, not an error.
    expect(decryptTotpSecret(one, { userId: "user-2", sessionSecret })).toBeNull();
    expect(decryptTotpSecret(one, { userId: "user-1", sessionSecret: `${sessionSecret}-rotated` })).toBeNull();
  });

  it.each(["", "v1.", "v2.abc", "v1.AAAA", "v1.a.b", "plain-secret"])("reads %j as nothing", (stored) => {
    expect(decryptTotpSecret(stored, { userId: "user-1", sessionSecret })).toBeNull();
  });

  it("a changed byte is refused (the tag)", () => {
    const stored = encryptTotpSecret(newTotpSecret(), { userId: "u", sessionSecret });
    const bytes = Buffer.from(stored.slice(3), "base64url");
    bytes[14] = (bytes[14] ?? 0) ^ 1;
    expect(decryptTotpSecret(`v1.${bytes.toString("base64url")}`, { userId: "u", sessionSecret })).toBeNull();
  });
});

describe("recovery codes", () => {
  it("ten, distinct, 80 bits each as xxxx-xxxx-xxxx-xxxx, kept as SHA-256 hashes", () => {
    const { codes, hashes } = newRecoveryCodes();
    expect(codes).toHaveLength(RECOVERY_CODE_COUNT);
    expect(new Set(codes).size).toBe(RECOVERY_CODE_COUNT);
    for (const [i, code] of codes.entries()) {
      expect(code).toMatch(/^[0-9a-hjkmnp-tv-z]{4}(-[0-9a-hjkmnp-tv-z]{4}){3}$/);
      expect(hashes[i]).toMatch(/^[0-9a-f]{64}$/);
      expect(hashes[i]).toBe(hashRecoveryCode(normaliseRecoveryCode(code) ?? ""));
    }
  });

  it("are read forgivingly: case, spaces, dashes and O/I/L look-alikes", () => {
    expect(normaliseRecoveryCode("ab01-cd23-ef45-gh67")).toBe("ab01cd23ef45gh67");
    expect(normaliseRecoveryCode(" AB0I CD23 EF45 GH67 ")).toBe("ab01cd23ef45gh67");
    expect(normaliseRecoveryCode("abOL-cd23-ef45-gh67")).toBe("ab01cd23ef45gh67");
    expect(normaliseRecoveryCode("ab01-cd23-ef45-gh6")).toBeNull();
    expect(normaliseRecoveryCode("ab01-cd23-ef45-gh6u")).toBeNull();
    expect(normaliseRecoveryCode("123456")).toBeNull();
  });
});
