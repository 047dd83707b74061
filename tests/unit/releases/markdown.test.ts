// Markdown from the store owner becomes HTML that WordPress's "View details" dialog and our pages
// show: what Markdown means is kept, anything that could run script is dropped.
import { describe, expect, it } from "vitest";
import { renderMarkdown } from "../../../lib/releases/markdown";

describe("renderMarkdown", () => {
  it("renders headings, lists, emphasis and code", () => {
    expect(renderMarkdown("## 1.2.0\n\n* **New:** forms\n* Fixed `x`")).toBe(
      "<h2>1.2.0</h2>\n<ul>\n<li><strong>New:</strong> forms</li>\n<li>Fixed <code>x</code></li>\n</ul>",
    );
  });

  it("is empty for blank input", () => {
    expect(renderMarkdown("  \n ")).toBe("");
  });

  it.each([
    ["<script>alert(1)</script>ok", "script"],
    ['<img src="x" onerror="alert(1)">', "onerror"],
    ["[click](javascript:alert(1))", "javascript:"],
    ['<a href="https://a.example" onclick="alert(1)">a</a>', "onclick"],
    ["<iframe src=https://evil.example></iframe>", "iframe"],
    ['<p style="position:fixed">x</p>', "style"],
  ])("drops what could run script or restyle the page: %s", (markdown, forbidden) => {
    expect(renderMarkdown(markdown).toLowerCase()).not.toContain(forbidden);
  });

  it("opens links outside the page, without giving it a handle on ours", () => {
    expect(renderMarkdown("[docs](https://docs.example/x)")).toBe(
      '<p><a href="https://docs.example/x" target="_blank" rel="noopener noreferrer">docs</a></p>',
    );
  });
});
