import { describe, expect, it } from "vitest";
import { newNonce, securityHeaders, type SecurityHeaderOptions } from "../../../lib/http/security-headers";

const HTTP: SecurityHeaderOptions = { https: false, dev: false, stripeCheckout: false };

describe("securityHeaders", () => {
  it("gives pages a nonce policy and API answers one that allows nothing", () => {
    const nonce = newNonce();
    expect(securityHeaders({ path: "/", search: "", nonce }, HTTP)["Content-Security-Policy"]).toContain(`'nonce-${nonce}'`);
    expect(securityHeaders({ path: "/api/v1/licenses", search: "", nonce }, HTTP)["Content-Security-Policy"]).toBe("default-src 'none'; frame-ancestors 'none'");
  });

  it("lets forms lead to Stripe Checkout only when Stripe is configured, and eval only in development", () => {
    const page = (options: SecurityHeaderOptions) => securityHeaders({ path: "/products/x", search: "", nonce: "n" }, options)["Content-Security-Policy"];
    expect(page(HTTP)).toContain("form-action 'self';");
    expect(page({ ...HTTP, stripeCheckout: true })).toContain("form-action 'self' https://checkout.stripe.com;");
    expect(page(HTTP)).not.toContain("unsafe-eval");
    expect(page({ ...HTTP, dev: true })).toContain("'unsafe-eval'");
  });

  it.each([
    ["", "strict-origin-when-cross-origin"],
    ["order=cl123", "strict-origin-when-cross-origin"],
    ["token=abc", "no-referrer"],
    ["session_id=cs_test_1", "no-referrer"],
    ["a=1&code=xyz", "no-referrer"],
  ])("?%s → Referrer-Policy %s", (search, policy) => {
    expect(securityHeaders({ path: "/x", search, nonce: "n" }, HTTP)["Referrer-Policy"]).toBe(policy);
  });

  it("sends HSTS only over https", () => {
    expect(securityHeaders({ path: "/", search: "", nonce: "n" }, HTTP)["Strict-Transport-Security"]).toBeUndefined();
    expect(securityHeaders({ path: "/", search: "", nonce: "n" }, { ...HTTP, https: true })["Strict-Transport-Security"]).toBe("max-age=31536000; includeSubDomains");
  });

  it("makes a new nonce each time", () => {
    expect(new Set(Array.from({ length: 100 }, newNonce)).size).toBe(100);
  });
});

describe("the email preview (Admin → Emails → a message)", () => {
  const headersFor = (path: string) => securityHeaders({ path, search: "", nonce: "n" }, HTTP);

  it("is sandboxed, loads nothing but inline styles and data: images, and may be framed by the store only", () => {
    const headers = headersFor("/admin/emails/cmf2k5q9v0001abcd/preview");
    const policy = headers["Content-Security-Policy"] ?? "";
    expect(policy.split("; ")).toEqual(expect.arrayContaining(["sandbox", "default-src 'none'", "style-src 'unsafe-inline'", "img-src data:", "frame-ancestors 'self'"]));
    expect(policy).not.toContain("script-src");
    expect(headers["X-Frame-Options"]).toBe("SAMEORIGIN");
  });

  it.each(["/admin/emails/x/preview/more", "/admin/emails/preview", "/admin/emails/a.b/preview", "/admin/emails/x"])(
    "%s keeps the page policy: framed by no one",
    (path) => {
      const headers = headersFor(path);
      expect(headers["Content-Security-Policy"]).toContain("frame-ancestors 'none'");
      expect(headers["X-Frame-Options"]).toBe("DENY");
    },
  );
});
