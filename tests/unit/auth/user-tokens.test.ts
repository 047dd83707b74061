// The pure parts of one-time email links: the token's shape and hash, the reset form's rules and
// the words a refused link gets.
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { hashUserToken, newUserToken, userTokenSchema } from "../../../lib/auth/user-tokens";
import { resetPasswordSchema } from "../../../lib/users/schemas";
import { tokenRefusalMessage } from "../../../lib/users/token-messages";

describe("user tokens", () => {
  it("are 256 random bits as 43 base64url characters, stored as their SHA-256 in hex", () => {
    const tokens = Array.from({ length: 50 }, () => newUserToken());
    expect(new Set(tokens.map((t) => t.token)).size).toBe(50);
    for (const { token, tokenHash } of tokens) {
      expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(Buffer.from(token, "base64url")).toHaveLength(32);
      expect(tokenHash).toBe(createHash("sha256").update(token).digest("hex"));
      expect(hashUserToken(token)).toBe(tokenHash);
    }
  });

  it.each([
    ["a fresh token", newUserToken().token, true],
    ["one character short", newUserToken().token.slice(1), false],
    ["one character long", `${newUserToken().token}A`, false],
    ["padding", `${newUserToken().token.slice(1)}=`, false],
    ["standard base64", `${newUserToken().token.slice(1)}+`, false],
    ["empty", "", false],
  ])("shape: %s", (_name, token, ok) => {
    expect(userTokenSchema.safeParse(token).success).toBe(ok);
  });
});

describe("the reset form", () => {
  const token = newUserToken().token;
  it.each([
    ["matching passwords", { token, newPassword: "long-enough", confirmPassword: "long-enough" }, null],
    ["a mismatch", { token, newPassword: "long-enough", confirmPassword: "long-enougH" }, "confirmPassword"],
    ["too short (the sign-up rule)", { token, newPassword: "short", confirmPassword: "short" }, "newPassword"],
    ["too long", { token, newPassword: "x".repeat(201), confirmPassword: "x".repeat(201) }, "newPassword"],
  ])("%s", (_name, input, field) => {
    const parsed = resetPasswordSchema.safeParse(input);
    expect(parsed.success).toBe(field === null);
    if (!parsed.success) expect(parsed.error.issues[0]?.path).toEqual([field]);
  });
});

describe("refused links", () => {
  it.each([
    ["expired", "password_reset", "This link has expired. Ask for a new link."],
    ["used", "password_reset", "This link was already used, or a newer one replaced it. Ask for a new link."],
    ["invalid", "verify_email", "This link is not valid. Check that you opened the whole link from the email, or ask for a new link from your account page."],
    ["address_changed", "verify_email", "This link was sent to an address your account no longer uses. Ask for a new link from your account page."],
  ] as const)("%s (%s)", (reason, purpose, words) => {
    expect(tokenRefusalMessage(reason, purpose)).toBe(words);
  });
});
