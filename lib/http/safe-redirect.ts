// Where a visitor may be sent after signing in or up: only somewhere on this store. Used on the
// server (sign-in and sign-up pages, next-auth's redirect callback) and in the browser (the forms'
// router.push), so it imports nothing.

/** Longer callback values are refused: no real path of the store is anywhere near this long. */
export const MAX_CALLBACK_LENGTH = 2048;

// A placeholder origin: relative paths are resolved against it, and anything that resolves
// elsewhere (`//evil`, `/\evil`, `/<TAB>/evil` once the parser drops the tab) has left the store.
const PLACEHOLDER_BASE = "http://cp-store.invalid";

// C0 and C1 control characters and DEL, raw. Browsers and the URL parser silently drop tabs and
// newlines, so `/<TAB>/evil.example` becomes `//evil.example`; they never belong in a path.
const RAW_CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
// The same, percent-encoded (%00-%1F, %7F, and C1 as UTF-8 %C2%80-%C2%9F): a layer that decodes
// once (a proxy, Next.js's Location header check) must not find one either.
const ENCODED_CONTROL = /%(?:[01][0-9a-f]|7f|c2%[89][0-9a-f])/i;
// A path that starts with a second slash or backslash, even encoded, reads as another host to
// someone who decodes it; no page of the store starts that way.
const HOST_LIKE_START = /^\/(?:\/|\\|%2f|%5c)/i;

function hasControlCharacters(value: string): boolean {
  return RAW_CONTROL.test(value) || ENCODED_CONTROL.test(value);
}

/**
 * The path, query and fragment of `value` when it is a string naming a page of this store, else
 * `fallback`. Refused: non-strings (a repeated `?callbackUrl=` arrives as an array), absolute and
 * protocol-relative URLs, control characters raw or percent-encoded, over-long values, and any
 * path that parses to another origin or to a host-like `//…`. Never throws.
 */
export function safeCallbackPath(value: unknown, fallback = "/account"): string {
  if (typeof value !== "string" || value.length === 0 || value.length > MAX_CALLBACK_LENGTH) return fallback;
  if (!value.startsWith("/") || hasControlCharacters(value)) return fallback;
  let url: URL;
  try {
    url = new URL(value, PLACEHOLDER_BASE);
  } catch {
    return fallback;
  }
  if (url.origin !== PLACEHOLDER_BASE) return fallback;
  // Parsing can create a `//` that was not there: `/..//evil` resolves to the path `//evil`.
  const path = `${url.pathname}${url.search}${url.hash}`;
  if (HOST_LIKE_START.test(path) || hasControlCharacters(path)) return fallback;
  return path;
}

/**
 * next-auth's redirect rule: `url` (absolute, or a path of the store) when it stays on
 * `baseUrl`'s origin, else `baseUrl`. Same refusals as safeCallbackPath.
 */
export function sameOriginRedirect(url: string, baseUrl: string): string {
  const base = new URL(baseUrl);
  if (typeof url !== "string" || url.length > MAX_CALLBACK_LENGTH || hasControlCharacters(url)) return base.href;
  let target: URL;
  try {
    target = new URL(url, base);
  } catch {
    return base.href;
  }
  if (target.origin !== base.origin) return base.href;
  const path = safeCallbackPath(`${target.pathname}${target.search}${target.hash}`, "/");
  return new URL(path, base.origin).href;
}
