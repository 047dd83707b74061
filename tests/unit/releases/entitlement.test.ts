// The entitlement rule (DESIGN.md, "Entitlement") as a table: which key may download which
// release, and the sentence a customer reads when it may not.
import { describe, expect, it } from "vitest";
import { mayDownload, type EntitledLicense, type EntitlementRelease } from "../../../lib/releases/entitlement";

const NOW = new Date("2026-06-01T12:00:00Z");
const EXPIRY = new Date("2026-03-12T09:00:00Z");
const product = "prod-1";

const license = (fields: Partial<EntitledLicense> = {}): EntitledLicense => ({ productId: product, expiresAt: null, revokedAt: null, ...fields });
const release = (fields: Partial<EntitlementRelease> = {}): EntitlementRelease => ({
  productId: product,
  status: "published",
  publishedAt: new Date("2026-05-01T00:00:00Z"),
  ...fields,
});

describe("mayDownload", () => {
  const expired = license({ expiresAt: EXPIRY });
  const cases: [string, EntitledLicense, EntitlementRelease, string | null][] = [
    ["an active key, a published release", license(), release(), null],
    ["a lifetime key, an old release", license(), release({ publishedAt: new Date("2020-01-01T00:00:00Z") }), null],
    ["an active key with a future expiry", license({ expiresAt: new Date("2027-01-01T00:00:00Z") }), release(), null],
    ["an expired key, a release published before its expiry", expired, release({ publishedAt: new Date("2026-03-01T00:00:00Z") }), null],
    ["an expired key, a release published after its expiry", expired, release(), "PUBLISHED_AFTER_EXPIRY"],
    ["an expired key, a release published at the moment it expired", expired, release({ publishedAt: EXPIRY }), "PUBLISHED_AFTER_EXPIRY"],
    ["a revoked key", license({ revokedAt: new Date("2026-05-20T00:00:00Z") }), release(), "REVOKED"],
    ["a revoked and expired key", license({ revokedAt: NOW, expiresAt: EXPIRY }), release({ publishedAt: new Date("2026-01-01T00:00:00Z") }), "REVOKED"],
    ["a yanked release", license(), release({ status: "yanked" }), "YANKED"],
    ["a draft", license(), release({ status: "draft", publishedAt: null }), "NOT_PUBLISHED"],
    ["another product's release", license(), release({ productId: "prod-2" }), "PRODUCT_MISMATCH"],
  ];

  it.each(cases)("%s", (_name, key, file, code) => {
    const result = mayDownload(key, file, NOW);
    expect(result.ok ? null : result.code).toBe(code);
  });

  it("says in words why, with the expiry date", () => {
    const refusal = (key: EntitledLicense, file: EntitlementRelease) => {
      const result = mayDownload(key, file, NOW);
      return result.ok ? null : result.reason;
    };
    expect(refusal(expired, release())).toBe("Published after your license expired on 12 March 2026; renew to get it");
    expect(refusal(license({ revokedAt: NOW }), release())).toBe("This license was revoked");
    expect(refusal(license(), release({ status: "yanked" }))).toBe("This release was withdrawn");
  });
});
