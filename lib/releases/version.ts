// Release versions: what vendors write in WordPress headers (1.2, 1.2.3, 1.2.3.4, 2.0.0-beta.1),
// checked once, and turned into a text key that sorts the way versions do, so "the latest release"
// is one indexed ORDER BY on either database instead of loading every release to compare in code.

const VERSION_PATTERN = /^(\d{1,9})(\.\d{1,9}){0,3}(-[0-9A-Za-z]+(\.[0-9A-Za-z]+)*)?$/;
export const MAX_VERSION_LENGTH = 64;

export function isValidVersion(version: string): boolean {
  return version.length <= MAX_VERSION_LENGTH && VERSION_PATTERN.test(version);
}

const pad = (digits: string) => digits.padStart(10, "0");

/**
 * A key whose text order is the version order: four zero-padded numeric parts (1.2 = 1.2.0.0),
 * then "~" for a release or "-" and the pre-release identifiers (numeric ones padded), so
 * 2.0.0-beta.2 < 2.0.0-beta.10 < 2.0.0 ("-" sorts before "~"). Equal keys are the same version.
 */
export function versionKey(version: string): string {
  if (!isValidVersion(version)) throw new Error(`Not a version: ${version}`);
  const [core = "", ...rest] = version.split("-");
  const prerelease = rest.join("-");
  const parts = core.split(".");
  while (parts.length < 4) parts.push("0");
  const numeric = parts.map((part) => pad(String(Number(part)))).join(".");
  if (!prerelease) return `${numeric}~`;
  const identifiers = prerelease.split(".").map((id) => (/^\d+$/.test(id) ? pad(String(Number(id))) : id.toLowerCase()));
  return `${numeric}-${identifiers.join(".")}`;
}

/** Negative, zero or positive as a sorts before, with or after b. */
export function compareVersions(a: string, b: string): number {
  const ka = versionKey(a);
  const kb = versionKey(b);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}
