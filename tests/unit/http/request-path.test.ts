// The path the server routes on: what Next.js would match (dot segments resolved, escapes
// decoded), so the lean license path can refuse every other spelling of its endpoints.
import { describe, expect, it } from "vitest";
import { parseRequestPath } from "../../../lib/http/request-path";

describe("parseRequestPath", () => {
  it.each([
    ["/api/v1/licenses/verify", "/api/v1/licenses/verify"],
    ["/api/v1/licenses/verify?x=1", "/api/v1/licenses/verify"],
    ["/api/v1/licenses/./verify", "/api/v1/licenses/verify"],
    ["/api/v1/licenses/%2e/verify", "/api/v1/licenses/verify"],
    ["/api/v1/licenses/%2E%2E/licenses/verify", "/api/v1/licenses/verify"],
    ["/api/v1/x/../licenses/verify", "/api/v1/licenses/verify"],
    ["/api/v1/licenses/%76erify", "/api/v1/licenses/verify"],
    ["/api/v1/licenses\\verify", "/api/v1/licenses/verify"],
    ["/api/v1/licenses/verify%2F", "/api/v1/licenses/verify/"],
    ["/api/v1//licenses/verify", "/api/v1//licenses/verify"],
    ["/products/caf%C3%A9", "/products/café"],
    ["http://store.test/api/v1/licenses/verify", "/api/v1/licenses/verify"],
  ])("%s routes as %s", (target, canonical) => {
    expect(parseRequestPath(target)?.canonical).toBe(canonical);
  });

  it("keeps the raw path as sent, so a spelling can be told from the canonical one", () => {
    expect(parseRequestPath("/api/v1/licenses/./verify?x")).toEqual({ raw: "/api/v1/licenses/./verify", canonical: "/api/v1/licenses/verify" });
    expect(parseRequestPath("/api/v1/licenses/verify")).toEqual({ raw: "/api/v1/licenses/verify", canonical: "/api/v1/licenses/verify" });
  });

  it.each(["/%ZZ", "/products/%", "/a/%E0%A4%A", "/%C0%AF", "/%FF"])("refuses the malformed escape in %s", (target) => {
    expect(parseRequestPath(target)).toBeNull();
  });
});
