// After sign-in the visitor goes back to `callbackUrl`: a path of this store, never another site.
// Every value below was tried against a browser-like parser (WHATWG URL): whatever it would send
// off-site, or could once a proxy decodes it, falls back.
import { describe, expect, it } from "vitest";
import { MAX_CALLBACK_LENGTH, safeCallbackPath, sameOriginRedirect } from "../../../lib/http/safe-redirect";

const FALLBACK = "/account";

describe("safeCallbackPath", () => {
  it.each([
    ["/account", "/account"],
    ["/account/licenses", "/account/licenses"],
    ["/admin/licenses?status=revoked&page=2", "/admin/licenses?status=revoked&page=2"],
    ["/account/licenses/abc#activations", "/account/licenses/abc#activations"],
    ["/products/pro-forms-plugin", "/products/pro-forms-plugin"],
    ["/", "/"],
    ["/a/../account", "/account"],
    ["/search?q=%2F%2Fnot-a-host", "/search?q=%2F%2Fnot-a-host"],
    // Look-alike slashes are ordinary characters in a path: percent-encoded, they stay on the store.
    ["/\u2215\u2215evil.example", "/%E2%88%95%E2%88%95evil.example"],
    ["/\uff0f\uff0fevil.example", "/%EF%BC%8F%EF%BC%8Fevil.example"],
    ["/\u2044evil.example", "/%E2%81%84evil.example"],
  ])("keeps the store path %j as %j", (value, expected) => {
    expect(safeCallbackPath(value)).toBe(expected);
  });

  it.each([
    // Whitespace and control characters, raw: browsers drop tab, LF and CR, leaving `//evil.example`.
    ["tab", "/\t/evil.example"],
    ["leading tab", "\t//evil.example"],
    ["newline", "/\n/evil.example"],
    ["carriage return", "/\r/evil.example"],
    ["CR LF header injection", "/account\r\nLocation: https://evil.example"],
    ["NUL", "/account\u0000"],
    ["DEL", "/account\u007f"],
    ["C1 control", "/account\u0085"],
    // The same, percent-encoded.
    ["encoded tab", "/%09/evil.example"],
    ["encoded newline", "/%0A/evil.example"],
    ["encoded newline at the end", "/account%0a"],
    ["encoded carriage return", "/%0D/evil.example"],
    ["encoded CR LF", "/account%0D%0ALocation:%20https://evil.example"],
    ["encoded NUL", "/account%00"],
    ["encoded DEL", "/account%7F"],
    ["encoded C1 control", "/account%C2%85"],
    // Another host, written every way a parser accepts.
    ["protocol-relative", "//evil.example"],
    ["protocol-relative with a path", "//evil.example/account"],
    ["backslash", "\\evil.example"],
    ["slash backslash", "/\\evil.example"],
    ["backslash slash", "\\/evil.example"],
    ["two backslashes", "\\\\evil.example"],
    ["three slashes", "///evil.example"],
    ["dot segments that build //", "/..//evil.example"],
    ["dot segments that build // deeper", "/a/..//evil.example"],
    ["encoded slashes after the first", "/%2F%2Fevil.example"],
    ["encoded slash after the first", "/%2Fevil.example"],
    ["encoded backslash after the first", "/%5Cevil.example"],
    ["encoded slashes only", "%2F%2Fevil.example"],
    ["double-encoded slashes", "%252F%252Fevil.example"],
    ["absolute https", "https://evil.example"],
    ["absolute http to a path", "http://evil.example/account"],
    ["scheme without slashes", "https:evil.example"],
    ["scheme with backslashes", "https:\\\\evil.example"],
    ["upper-case scheme", "HTTPS://evil.example"],
    ["user info", "https://cp-store.invalid@evil.example"],
    ["javascript:", "javascript:alert(1)"],
    ["javascript: with a leading space", " javascript:alert(1)"],
    ["data:", "data:text/html,<script>alert(1)</script>"],
    ["relative without a slash", "account"],
    ["leading space", " /account"],
    ["look-alike slashes without a leading slash", "\u2215\u2215evil.example"],
    ["full-width solidus start", "\uff0f\uff0fevil.example"],
    ["empty", ""],
  ])("falls back for %s (%j)", (_name, value) => {
    expect(safeCallbackPath(value)).toBe(FALLBACK);
  });

  it.each([
    ["undefined", undefined],
    ["null", null],
    ["a repeated parameter (array)", ["/account", "//evil.example"]],
    ["an array of one", ["/account"]],
    ["a number", 42],
    ["an object", { toString: () => "/account" }],
  ])("falls back for a non-string: %s", (_name, value) => {
    expect(safeCallbackPath(value)).toBe(FALLBACK);
  });

  it("falls back for a very long value, and keeps one at the limit", () => {
    const atLimit = `/${"a".repeat(MAX_CALLBACK_LENGTH - 1)}`;
    expect(safeCallbackPath(atLimit)).toBe(atLimit);
    expect(safeCallbackPath(`${atLimit}a`)).toBe(FALLBACK);
    expect(safeCallbackPath(`/${"%0A".repeat(100_000)}`)).toBe(FALLBACK);
  });

  it("uses the fallback it is given", () => {
    expect(safeCallbackPath("//evil.example", "/admin")).toBe("/admin");
  });
});

describe("sameOriginRedirect (next-auth's redirect callback)", () => {
  const base = "http://localhost:3000";

  it.each([
    ["/account", "http://localhost:3000/account"],
    ["http://localhost:3000/admin?x=1#y", "http://localhost:3000/admin?x=1#y"],
    ["/", "http://localhost:3000/"],
  ])("keeps %j on the store: %j", (url, expected) => {
    expect(sameOriginRedirect(url, base)).toBe(expected);
  });

  it.each([
    "https://evil.example",
    "//evil.example",
    "/\\evil.example",
    "/\t/evil.example",
    "/%0A/evil.example",
    "/..//evil.example",
    "https://localhost:3000/account", // another scheme is another origin
    "http://localhost:3001/account",
    "http://localhost:3000@evil.example/",
    "javascript:alert(1)",
    "x".repeat(MAX_CALLBACK_LENGTH + 1),
  ])("sends %j to the store's home page instead", (url) => {
    expect(sameOriginRedirect(url, base)).toBe("http://localhost:3000/");
  });
});
