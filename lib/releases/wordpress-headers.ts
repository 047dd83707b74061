// WordPress file headers ("Plugin Name: …", "Version: …") read the way WordPress reads them, so a
// zip the store accepts is one WordPress recognises, and the version we record is the one
// WordPress will compare against: get_file_data() looks at the first 8 KiB only, treats CR as a
// line break, matches `Name:` case-insensitively at a line start after optional `<?php`, spaces,
// `/`, `*`, `#` or `@`, and cuts the value at `*/` or `?>`.

/** How much of a file get_file_data() reads. */
export const WORDPRESS_HEADER_BYTES = 8 * 1024;

export const PLUGIN_HEADERS = {
  name: "Plugin Name",
  version: "Version",
  requires: "Requires at least",
  tested: "Tested up to",
  requiresPhp: "Requires PHP",
} as const;

export const THEME_HEADERS = {
  name: "Theme Name",
  version: "Version",
  requires: "Requires at least",
  tested: "Tested up to",
  requiresPhp: "Requires PHP",
} as const;

/** readme.txt's header block (the WordPress.org readme standard). */
export const README_HEADERS = {
  requires: "Requires at least",
  tested: "Tested up to",
  requiresPhp: "Requires PHP",
} as const;

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");

/** _cleanup_header_comment(): drop a closing comment or PHP tag and what follows, then trim. */
function cleanupHeaderComment(value: string): string {
  return value.replace(/\s*(?:\*\/|\?>).*/, "").trim();
}

/**
 * The named headers of a file's text, as get_file_data() returns them, with null for a header
 * that is absent or empty. Only the first 8 KiB count, like WordPress, unless told otherwise
 * (readme.txt's header block is read whole).
 */
export function parseFileHeaders<K extends string>(
  text: string,
  headers: Record<K, string>,
  scanLength: number = WORDPRESS_HEADER_BYTES,
): Record<K, string | null> {
  const head = text.slice(0, scanLength).replace(/\r/g, "\n");
  const result = {} as Record<K, string | null>;
  for (const key of Object.keys(headers) as K[]) {
    const pattern = new RegExp(`^(?:[ \\t]*<\\?php)?[ \\t/*#@]*${escapeRegExp(headers[key])}:(.*)$`, "mi");
    const raw = pattern.exec(head)?.[1];
    // PHP's `&& $match[1]` also drops "0"; an empty value is no value.
    const value = raw && raw !== "0" ? cleanupHeaderComment(raw) : "";
    result[key] = value === "" ? null : value;
  }
  return result;
}
