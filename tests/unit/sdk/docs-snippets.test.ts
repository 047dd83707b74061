// The PHP a vendor pastes from the docs and the SDK's guide is the example plugin's own code
// (with the docs' acme_seo prefix), and the example plugin is what the WordPress tests install
// and run (built by lib/sdk/wordpress-package.ts): so every pasted line has run in WordPress.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../../..");
const read = (file: string) => readFileSync(path.join(ROOT, file), "utf8");
/** Lines trimmed and blank lines dropped: indentation inside Markdown lists does not matter. */
const normalise = (code: string) =>
  code
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "")
    .join("\n");
const phpBlocks = (markdown: string) => [...markdown.matchAll(/```php\n([\s\S]*?)```/g)].map((match) => match[1] ?? "");

const example = normalise(read("sdk/wordpress/example-plugin/cp-store-example.php"));

describe("PHP snippets in the docs", () => {
  it.each(["docs/wordpress.md", "sdk/wordpress/README.md"])("every PHP block of %s is code of the example plugin", (file) => {
    const blocks = phpBlocks(read(file));
    expect(blocks.length).toBeGreaterThan(0);
    for (const block of blocks) {
      const asExample = block.replaceAll("acme_seo_", "cp_example_").replaceAll("ACME_SEO_", "CP_EXAMPLE_");
      expect(example).toContain(normalise(asExample));
    }
  });

  it("the README and the other docs carry no other PHP (the PUC and hand-written Verify clients are gone)", () => {
    const others = readdirSync(path.join(ROOT, "docs"))
      .map((file) => `docs/${file}`)
      .filter((file) => file.endsWith(".md") && file !== "docs/wordpress.md");
    for (const file of ["README.md", ...others]) expect(phpBlocks(read(file)), file).toEqual([]);
  });
});
