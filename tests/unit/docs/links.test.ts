// The README and docs/ are the store's manual: every relative link in them leads to a file that
// exists (and to a heading that exists, when it names one), and every `npm run` command they show
// is a script of package.json. External links are not fetched (the tests run offline); they must
// at least be well-formed https URLs.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../../..");

/** Every Markdown file of the manual: the README, docs/ and the SDK's guide. */
const MANUAL = [
  "README.md",
  ...readdirSync(path.join(ROOT, "docs"))
    .filter((file) => file.endsWith(".md"))
    .map((file) => `docs/${file}`),
  "sdk/wordpress/README.md",
];

const read = (file: string) => readFileSync(path.join(ROOT, file), "utf8");

/** The Markdown without its fenced code blocks (a `[x](y)` in code is not a link). */
const prose = (markdown: string) => markdown.replace(/^```[\s\S]*?^```/gm, "");

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
export function headingAnchor(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/`/g, "")
    .replace(/[^\p{L}\p{N}\s_-]/gu, "")
    .replace(/\s/g, "-");
}

function anchorsOf(file: string): Set<string> {
  const headings = [...prose(read(file)).matchAll(/^#{1,6}\s+(.+?)\s*#*$/gm)].map((match) => headingAnchor(match[1] ?? ""));
  return new Set(headings);
}

function linksOf(file: string): string[] {
  return [...prose(read(file)).matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map((match) => match[1] ?? "");
}

const scripts = Object.keys((JSON.parse(read("package.json")) as { scripts: Record<string, string> }).scripts);

describe("the manual's links", () => {
  it("covers the README, every page of docs/ and the SDK guide", () => {
    expect(MANUAL.length).toBeGreaterThan(10);
  });

  it.each(MANUAL)("every link in %s leads somewhere", (file) => {
    const broken: string[] = [];
    for (const link of linksOf(file)) {
      if (/^(https?:|mailto:)/.test(link)) {
        if (!/^https:\/\/[^/\s]+\.[^/\s]+/.test(link) && !/^http:\/\/(localhost|127\.0\.0\.1)[:/]/.test(link) && !link.startsWith("mailto:")) broken.push(`${link} (not a well-formed https URL)`);
        continue;
      }
      const [target = "", anchor] = link.split("#");
      const resolved = target === "" ? file : path.posix.normalize(path.posix.join(path.posix.dirname(file), target));
      if (!existsSync(path.join(ROOT, resolved))) {
        broken.push(`${link} (no file ${resolved})`);
        continue;
      }
      if (anchor && resolved.endsWith(".md") && !anchorsOf(resolved).has(anchor)) broken.push(`${link} (no heading #${anchor} in ${resolved})`);
      if (anchor && statSync(path.join(ROOT, resolved)).isDirectory()) broken.push(`${link} (an anchor on a directory)`);
    }
    expect(broken).toEqual([]);
  });

  it.each(MANUAL)("every `npm run` command in %s is a script of package.json", (file) => {
    const named = [...read(file).matchAll(/npm run (?:-s )?([a-z][\w:-]*)/g)].map((match) => match[1] ?? "");
    expect(named.filter((name) => !scripts.includes(name))).toEqual([]);
  });
});

describe("headingAnchor", () => {
  it("makes GitHub's anchors", () => {
    expect(headingAnchor("Sessions and sign-in")).toBe("sessions-and-sign-in");
    expect(headingAnchor("What `yank` does")).toBe("what-yank-does");
    expect(headingAnchor("PostgreSQL and several instances")).toBe("postgresql-and-several-instances");
    expect(headingAnchor("Admin → Emails")).toBe("admin--emails");
  });
});
