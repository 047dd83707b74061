// User agents parsed with ua-parser-js 1.x (MIT; the 2.x line is AGPL, which would bind every
// self-hosted store), plus the first product token for the HTTP libraries and CLIs a store
// owner's backend and installed products actually send: curl, GuzzleHttp, WordPress, ….
import { UAParser } from "ua-parser-js";

export type ParsedUserAgent = {
  browser: string | null;
  platform: string | null;
  device: string | null;
  raw: string;
};

/** "curl/8.5.0" → "curl"; "WordPress/6.4; https://…" → "WordPress". */
const PRODUCT_TOKEN = /^([A-Za-z][A-Za-z0-9._-]*)\/\S+/;

/**
 * Browser (or client library) name, operating system and device type. ua-parser-js reports no
 * device type for desktops, so a real browser on a known OS with none is a "desktop"; a library
 * or CLI has no device. Unrecognised strings keep only `raw`.
 */
export function parseUserAgent(raw: string): ParsedUserAgent {
  const { browser, os, device } = new UAParser(raw).getResult();
  if (browser.name) {
    return { browser: browser.name, platform: os.name ?? null, device: device.type ?? (os.name ? "desktop" : null), raw };
  }
  const library = raw.startsWith("Mozilla/") ? null : (PRODUCT_TOKEN.exec(raw)?.[1] ?? null);
  return { browser: library, platform: os.name ?? null, device: device.type ?? null, raw };
}
