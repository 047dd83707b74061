// What an update check reads from its request: the site in WordPress's user agent, the key under
// either name, the channel; and the small formats of its answer.
import { describe, expect, it } from "vitest";
import { formatLastUpdated, upgradeNoticeFrom } from "../../../lib/releases/update-info";
import { siteFromWordPressUserAgent, updateCheckKey, updateCheckQuerySchema } from "../../../lib/releases/update-request";

describe("siteFromWordPressUserAgent", () => {
  it.each([
    ["WordPress/6.4; https://example.com", "example.com"],
    ["WordPress/6.7.1; http://www.shop.example.org/blog", "shop.example.org"],
    ["WordPress/6.4;  https://EXAMPLE.com:8443", "example.com"],
    ["WordPress/6.4; https://203.0.113.9", "203.0.113.9"],
  ])("%s → %s", (agent, site) => {
    expect(siteFromWordPressUserAgent(agent)?.environment.value).toBe(site);
  });

  it.each([null, "", "curl/8.5", "Mozilla/5.0 (WordPress/6.4; https://example.com)", "WordPress/6.4", "WordPress/6.4; https://exa mple.com", "WordPress/6.4; https://%%%"])(
    "%j names no site",
    (agent) => {
      expect(siteFromWordPressUserAgent(agent)).toBeNull();
    },
  );
});

describe("updateCheckKey", () => {
  it.each([
    [{ license_key: "CP-1" }, "CP-1"],
    [{ key: "CP-2" }, "CP-2"],
    [{ license_key: "CP-1", key: "CP-2" }, "CP-1"],
    [{ license_key: "" }, null],
    [{ license_key: "   " }, null],
    [{}, null],
  ])("%j → %j", (fields, key) => {
    expect(updateCheckKey(fields)).toBe(key);
  });
});

describe("updateCheckQuerySchema", () => {
  it("defaults to the stable channel, takes beta, refuses anything else", () => {
    expect(updateCheckQuerySchema.parse({}).channel).toBe("stable");
    expect(updateCheckQuerySchema.parse({ channel: "" }).channel).toBe("stable");
    expect(updateCheckQuerySchema.parse({ channel: "beta" }).channel).toBe("beta");
    expect(updateCheckQuerySchema.safeParse({ channel: "nightly" }).success).toBe(false);
  });

  it("ignores fields it does not know, and bounds the ones it does", () => {
    expect(updateCheckQuerySchema.safeParse({ something: "else", installed_version: "1.0.0" }).success).toBe(true);
    expect(updateCheckQuerySchema.safeParse({ installed_version: "1".repeat(65) }).success).toBe(false);
  });
});

describe("answer formats", () => {
  it("last_updated is UTC, YYYY-MM-DD HH:MM:SS", () => {
    expect(formatLastUpdated(new Date("2026-03-12T09:05:07.123Z"))).toBe("2026-03-12 09:05:07");
  });

  it.each([
    ["* New: social previews.\n* Fixed: a bug.", "New: social previews."],
    ["\n\n### Fixed\n* The <b>thing</b>", "Fixed"],
    ["1. **Bold** and `code` <script>", "Bold and code script"],
    ["", ""],
  ])("upgrade_notice from %j is %j", (changelog, notice) => {
    expect(upgradeNoticeFrom(changelog)).toBe(notice);
  });
});
