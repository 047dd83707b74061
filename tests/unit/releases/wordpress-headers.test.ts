// Headers read the way WordPress's get_file_data() reads them.
import { describe, expect, it } from "vitest";
import { parseFileHeaders, PLUGIN_HEADERS, THEME_HEADERS } from "@/lib/releases/wordpress-headers";

const plugin = (text: string) => parseFileHeaders(text, PLUGIN_HEADERS);

describe("parseFileHeaders", () => {
  it("reads a docblock header", () => {
    const text = `<?php
/**
 * Plugin Name:       Acme SEO
 * Version:           1.4.2
 * Requires at least: 6.0
 * Requires PHP:      7.4
 */`;
    expect(plugin(text)).toEqual({ name: "Acme SEO", version: "1.4.2", requires: "6.0", tested: null, requiresPhp: "7.4" });
  });

  it.each([
    ["after <?php on the same line", "<?php /* Plugin Name: A */", "A"],
    ["after #", "# Plugin Name: A", "A"],
    ["after @", " * @Plugin Name: A", "A"],
    ["case-insensitively", " * plugin name: A", "A"],
    ["with CR-only line endings", "<?php\r/*\r * Plugin Name: A\r * Version: 1.0\r */", "A"],
    ["cut at */", "/* Plugin Name: A */ echo 1;", "A"],
    ["cut at ?>", "<?php // Plugin Name: A ?> <html>", "A"],
    ["trimmed", " * Plugin Name: \t A B \t", "A B"],
  ])("matches %s", (_label, text, name) => {
    expect(plugin(text).name).toBe(name);
  });

  it.each([
    ["not at a line start", " * The Plugin Name: A"],
    ["after other text", "$x = 1; // Plugin Name: A"],
    ["empty", " * Plugin Name:"],
    ["'0', which PHP treats as empty", " * Plugin Name:0"],
    ["past the first 8 KiB", `${" ".repeat(8 * 1024)}\n * Plugin Name: A`],
  ])("finds nothing %s", (_label, text) => {
    expect(plugin(text).name).toBeNull();
  });

  it("reads a theme's style.css", () => {
    const css = "/*\nTheme Name: Acme Theme\nVersion: 2.0\nTested up to: 6.8\n*/\nbody{}";
    expect(parseFileHeaders(css, THEME_HEADERS)).toMatchObject({ name: "Acme Theme", version: "2.0", tested: "6.8" });
  });

  it("treats regex characters in header names literally", () => {
    expect(parseFileHeaders("A.B: x\nAxB: y", { v: "A.B" }).v).toBe("x");
  });
});
