// How the server reads a request target before routing it. Next.js resolves dot segments
// (`/a/./b`, `/a/%2e/b`) and %-decodes segments before it matches a route, and answers a
// malformed escape (`/%ZZ`) with a 500; the server decides both cases first, in one place.

export type RequestPath = {
  /** The path exactly as sent (no query string). */
  raw: string;
  /** What a router matches: dot segments resolved, each segment %-decoded. */
  canonical: string;
};

/** What a router could read differently from the raw path: escapes, backslashes, dot or empty segments. */
const NEEDS_RESOLVING = /[%\\]|\/\.|\/\//;

/** The request target's path, or null when its %-escapes are malformed (answer 400). */
export function parseRequestPath(target: string | undefined): RequestPath | null {
  const raw = (target ?? "/").split(/[?#]/, 1)[0] || "/";
  // Almost every request (every Verify call) is already canonical: no URL parsing for those.
  if (raw.startsWith("/") && !NEEDS_RESOLVING.test(raw)) return { raw, canonical: raw };
  let resolved: string;
  try {
    resolved = new URL(raw, "http://path.invalid").pathname;
  } catch {
    return null;
  }
  try {
    const canonical = resolved.split("/").map(decodeURIComponent).join("/");
    // Only the origin-form path counts: an absolute-form target names its path after the host.
    return { raw: raw.startsWith("/") ? raw : resolved, canonical };
  } catch {
    return null; // URIError: a % not followed by two hex digits, or escapes that are not UTF-8
  }
}
