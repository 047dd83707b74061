import { describe, expect, it } from "vitest";
import {
  LICENSE_KEY_ALPHABET,
  LICENSE_KEY_BODY_LENGTH,
  LICENSE_KEY_GROUP_COUNT,
  LICENSE_KEY_GROUP_SIZE,
  LICENSE_KEY_PATTERN,
  LICENSE_KEY_RANDOM_BITS,
  LICENSE_KEY_RANDOM_LENGTH,
  computeLicenseKeyCheckCharacter,
  generateLicenseKey,
  isCanonicalLicenseKey,
  maskLicenseKey,
  normalizeLicenseKey,
} from "@/lib/licenses/key";

const ALPHABET = [...LICENSE_KEY_ALPHABET];

/** A canonical key from 24 random characters, with its check character appended. */
function keyFrom(randomPart: string): string {
  const body = randomPart + computeLicenseKeyCheckCharacter(randomPart);
  return `CP-${body.match(/.{5}/g)?.join("-")}`;
}
const bodyOf = (key: string) => key.slice(3).replaceAll("-", "");
const withBody = (body: string) => `CP${body}`;

// Contains 0 and 1 so look-alike decoding is exercised.
const KEY = keyFrom("0123456789ABCDEFGHJKMNPQ");
const BODY = bodyOf(KEY);
const CHECK = BODY.slice(-1);
const WRONG_CHECK = ALPHABET.find((ch) => ch !== CHECK) ?? "";

describe("license key constants", () => {
  it("uses Crockford base32 and at least 100 random bits", () => {
    expect(new Set(ALPHABET).size).toBe(32);
    expect(LICENSE_KEY_ALPHABET).not.toMatch(/[ILOU]/);
    expect(LICENSE_KEY_RANDOM_BITS).toBe(120);
    expect(LICENSE_KEY_BODY_LENGTH).toBe(LICENSE_KEY_GROUP_COUNT * LICENSE_KEY_GROUP_SIZE);
    expect(KEY).toMatch(LICENSE_KEY_PATTERN);
  });
});

describe("generateLicenseKey", () => {
  const keys = Array.from({ length: 1000 }, generateLicenseKey);

  it("produces 1,000 unique canonical keys that pass the check", () => {
    expect(new Set(keys).size).toBe(keys.length);
    for (const key of keys) {
      expect(key).toMatch(LICENSE_KEY_PATTERN);
      expect(normalizeLicenseKey(key)).toBe(key);
      expect(isCanonicalLicenseKey(key)).toBe(true);
    }
  });

  it("spreads random characters evenly over the alphabet and every position", () => {
    const counts = new Map<string, number>();
    const perPosition = Array.from({ length: LICENSE_KEY_RANDOM_LENGTH }, () => new Set<string>());
    for (const key of keys) {
      [...bodyOf(key).slice(0, LICENSE_KEY_RANDOM_LENGTH)].forEach((ch, i) => {
        counts.set(ch, (counts.get(ch) ?? 0) + 1);
        perPosition[i]?.add(ch);
      });
    }
    // 24,000 draws: 750 expected per symbol, standard deviation about 27.
    for (const ch of ALPHABET) expect(counts.get(ch) ?? 0).toBeGreaterThan(600);
    for (const ch of ALPHABET) expect(counts.get(ch) ?? 0).toBeLessThan(900);
    for (const seen of perPosition) expect(seen.size).toBe(32);
  });
});

describe("normalizeLicenseKey", () => {
  const lookAlikes = BODY.replace("0", "O").replace("1", "l");
  it.each([
    ["canonical", KEY, KEY],
    ["lower case", KEY.toLowerCase(), KEY],
    ["surrounding spaces", `  ${KEY}\n`, KEY],
    ["spaces between groups", KEY.replaceAll("-", " "), KEY],
    ["spaces inside groups", [...BODY].join(" "), KEY],
    ["no dashes", `CP${BODY}`, KEY],
    ["no prefix", BODY, KEY],
    ["no prefix, grouped", KEY.slice(3), KEY],
    ["lower-case prefix without dash", `cp${BODY.toLowerCase()}`, KEY],
    ["prefix with space", `CP ${KEY.slice(3)}`, KEY],
    ["extra dashes", `--CP--${BODY.match(/.{5}/g)?.join("--")}--`, KEY],
    ["en dash from rich text", KEY.replaceAll("-", "\u2013"), KEY],
    ["O for 0 and l for 1", lookAlikes, KEY],
    ["o, I and L look-alikes", BODY.replace("0", "o").replace("1", "I"), KEY],
    ["L look-alike", BODY.replace("1", "L"), KEY],
    ["empty", "", null],
    ["only spaces and dashes", " - - ", null],
    ["one character short", KEY.slice(0, -1), null],
    ["one character long", `${KEY}0`, null],
    ["wrong prefix", `CQ${BODY}`, null],
    ["double prefix", `CP-${KEY}`, null],
    ["U is not Crockford", withBody(`U${BODY.slice(1)}`), null],
    ["punctuation", withBody(`*${BODY.slice(1)}`), null],
    ["non-ASCII", withBody(`Ä${BODY.slice(1)}`), null],
    ["wrong check character", withBody(BODY.slice(0, -1) + WRONG_CHECK), null],
    ["over 100 characters", `${KEY}${" ".repeat(100)}`, null],
  ])("%s", (_name, input, expected) => {
    expect(normalizeLicenseKey(input)).toBe(expected);
  });
});

describe("check character", () => {
  const sample = [KEY, ...Array.from({ length: 200 }, generateLicenseKey)];

  it("rejects every single-character substitution of 201 keys", () => {
    const accepted: string[] = [];
    let tried = 0;
    for (const key of sample) {
      const body = bodyOf(key);
      for (let i = 0; i < body.length; i++) {
        for (const ch of ALPHABET) {
          if (ch === body[i]) continue;
          const typo = withBody(body.slice(0, i) + ch + body.slice(i + 1));
          tried++;
          if (normalizeLicenseKey(typo) !== null) accepted.push(typo);
        }
      }
    }
    expect(tried).toBe(sample.length * LICENSE_KEY_BODY_LENGTH * 31);
    expect(accepted).toEqual([]);
  });

  it("rejects every adjacent transposition of 201 keys", () => {
    const accepted: string[] = [];
    for (const key of sample) {
      const body = bodyOf(key);
      for (let i = 0; i + 1 < body.length; i++) {
        const [a, b] = [body[i], body[i + 1]];
        if (a === b) continue;
        const typo = withBody(`${body.slice(0, i)}${b}${a}${body.slice(i + 2)}`);
        if (normalizeLicenseKey(typo) !== null) accepted.push(typo);
      }
    }
    expect(accepted).toEqual([]);
  });

  // The check is linear, so whether a transposition is caught depends only on the two symbols and
  // their position, not on the rest of the key: this loop covers every possible case.
  it("rejects every adjacent transposition of every pair of symbols at every position", () => {
    const base = bodyOf(KEY).slice(0, LICENSE_KEY_RANDOM_LENGTH);
    const accepted: string[] = [];
    for (let i = 0; i < LICENSE_KEY_RANDOM_LENGTH; i++) {
      for (const x of ALPHABET) {
        const seconds = i + 1 < LICENSE_KEY_RANDOM_LENGTH ? ALPHABET : [null];
        for (const y of seconds) {
          const random = base.slice(0, i) + x + (y ?? "") + base.slice(i + (y === null ? 1 : 2));
          const body = bodyOf(keyFrom(random));
          const [a, b] = [body[i] ?? "", body[i + 1] ?? ""];
          if (a === b) continue;
          const typo = withBody(`${body.slice(0, i)}${b}${a}${body.slice(i + 2)}`);
          if (normalizeLicenseKey(typo) !== null) accepted.push(typo);
        }
      }
    }
    expect(accepted).toEqual([]);
  });
});

describe("maskLicenseKey", () => {
  const masked = `CP-*****-*****-*****-*****-${KEY.slice(-5)}`;
  it.each([
    ["canonical key", KEY, masked],
    ["pasted key", KEY.toLowerCase().replaceAll("-", " "), masked],
    ["invalid key", "CP-NOT-A-KEY", "CP-*****-*****-*****-*****-*****"],
  ])("%s", (_name, input, expected) => {
    expect(maskLicenseKey(input)).toBe(expected);
  });

  it("never shows more than the last group", () => {
    const key = generateLicenseKey();
    expect(maskLicenseKey(key)).toMatch(/^CP(?:-\*{5}){4}-[0-9A-Z]{5}$/);
    expect(maskLicenseKey(key).endsWith(key.slice(-6))).toBe(true);
  });
});
