// Release versions: which strings are versions, and the order "latest release" relies on.
import { describe, expect, it } from "vitest";
import { compareVersions, isValidVersion, MAX_VERSION_LENGTH, versionKey } from "@/lib/releases/version";

describe("isValidVersion", () => {
  it.each(["1", "1.2", "1.2.3", "1.2.3.4", "0.0.1", "2.0.0-beta.1", "2.0.0-rc1", "10.20.30-alpha.beta.7", "123456789.1"])(
    "accepts %s",
    (version) => expect(isValidVersion(version)).toBe(true),
  );

  it.each([
    "",
    "v1.2",
    "1.2.3.4.5",
    "1..2",
    ".1",
    "1.",
    "1.2-",
    "1.2-beta..1",
    "1.2 beta",
    " 1.2",
    "1.2+build.5",
    "1.2-béta",
    "1234567890.0",
    "1.0-beta/1",
    `1.0-${"a".repeat(MAX_VERSION_LENGTH)}`,
  ])("refuses %j", (version) => expect(isValidVersion(version)).toBe(false));

  it("versionKey refuses what is not a version", () => {
    expect(() => versionKey("latest")).toThrow("Not a version");
  });
});

describe("version order", () => {
  // Each is newer than the one before it.
  const ascending = ["0.9", "1.0-alpha", "1.0-alpha.2", "1.0-beta", "1.0", "1.2", "1.2.1", "1.2.9", "1.10", "1.10.0.1", "2.0.0-beta.2", "2.0.0-beta.10", "2.0.0-rc.1", "2.0.0", "10.0"];

  it("orders every pair the way versions order", () => {
    ascending.forEach((older, i) =>
      ascending.slice(i + 1).forEach((newer) => {
        expect(compareVersions(older, newer), `${older} < ${newer}`).toBeLessThan(0);
        expect(compareVersions(newer, older), `${newer} > ${older}`).toBeGreaterThan(0);
      }),
    );
  });

  it("sorts keys as text in the same order (what ORDER BY versionKey relies on)", () => {
    const shuffled = [...ascending.filter((_, i) => i % 2), ...ascending.filter((_, i) => i % 2 === 0).reverse()];
    const byKey = [...shuffled].sort((a, b) => (versionKey(a) < versionKey(b) ? -1 : 1));
    expect(byKey).toEqual(ascending);
  });

  it.each([
    ["1.2", "1.2.0"],
    ["1.2", "1.2.0.0"],
    ["01.2", "1.2"],
    ["2.0.0-beta.01", "2.0.0-beta.1"],
    ["2.0.0-BETA.1", "2.0.0-beta.1"],
  ])("%s equals %s", (a, b) => {
    expect(compareVersions(a, b)).toBe(0);
    expect(versionKey(a)).toBe(versionKey(b));
  });
});
