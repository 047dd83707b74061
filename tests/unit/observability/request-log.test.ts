import { describe, expect, it } from "vitest";
import { loggableRoute } from "@/lib/observability/request-log";

describe("loggableRoute", () => {
  it.each([
    ["a page", "/account/licenses", "/account/licenses"],
    ["a page with an id", "/admin/orders/cm9x2k3l40000abcdxyz12345", "/admin/orders/cm9x2k3l40000abcdxyz12345"],
    ["a static file", "/_next/static/chunks/app/layout-0123456789abcdef.js", "/_next/static/chunks/app/layout-0123456789abcdef.js"],
    ["the server API's key in the path", "/api/v1/licenses/CP-ABCDE-FGHJK-MNPQR-STVWX-YZ012", "/api/v1/licenses/{key}"],
    ["the server API's key, then more", "/api/v1/licenses/cp-abcde-fghjk-mnpqr-stvwx-yz012/activations", "/api/v1/licenses/{key}/activations"],
    ["a key typed with spaces", "/api/v1/licenses/CP ABCDE FGHJK/revoke", "/api/v1/licenses/{key}/revoke"],
    ["the license list", "/api/v1/licenses", "/api/v1/licenses"],
    ["Verify (served by the lean path, named the same here)", "/api/v1/licenses/verify", "/api/v1/licenses/verify"],
    ["a download token with a trailing segment", "/api/v1/downloads/eyJhbGciOi.abc/extra", "/api/v1/downloads/{token}/extra"],
    ["an update check's product", "/api/v1/updates/pro-forms/", "/api/v1/updates/{slug}/"],
    ["a key anywhere else", "/oops/CP-ABCDE-FGHJK-MNPQR-STVWX-YZ012", "/oops/{key}"],
    ["an email address", "/u/someone@example.com/profile", "/u/{email}/profile"],
    ["a token-like segment", `/x/${"A1b2_C3d4-".repeat(4)}`, "/x/{token}"],
  ])("%s", (_label, path, route) => {
    expect(loggableRoute(path)).toBe(route);
  });

  it("cuts a very long path", () => {
    const route = loggableRoute(`/${"a/".repeat(300)}`);
    expect(route.length).toBeLessThanOrEqual(201);
    expect(route.endsWith("…")).toBe(true);
  });
});
