// What the access log (server/main.ts, one line per request) writes for a path: the route without
// anything secret in it. Lean routes are named by their pattern where they are served
// (server/license-api.ts); this covers every other path. The query string is never logged (reset
// and verify-email links, update checks and Verify's GET clients carry tokens and keys there).

/** Longest route written; a longer path is cut (it is a probe, not a page). */
const MAX_ROUTE_LENGTH = 200;

/** Path segments that name a secret by their position: the server API's key, a download token. */
const SECRET_BY_POSITION: readonly (readonly [prefix: string, placeholder: string, except: readonly string[]])[] = [
  ["/api/v1/licenses/", "{key}", ["verify", "deactivate", "signing-key"]],
  ["/api/v1/downloads/", "{token}", []],
  ["/api/v1/updates/", "{slug}", []],
];

/** Anything that could be a key, an email address or a token anywhere else in a path. */
const SUSPECT = /@|\/cp[^/]{18}|[A-Za-z0-9_-]{32}/i;
const KEY_LIKE = /^cp[\s\-\u2010-\u2015\u2212]?[0-9a-z]/i;
const TOKEN_LIKE = /^[A-Za-z0-9_-]{32,}$/;

function maskSegment(segment: string): string {
  if (segment.includes("@")) return "{email}";
  if (segment.length >= 20 && KEY_LIKE.test(segment)) return "{key}";
  if (TOKEN_LIKE.test(segment)) return "{token}";
  return segment;
}

/**
 * The route to log for a canonical (decoded) path: the path itself, with license keys, download
 * tokens, email addresses and token-like segments replaced by a placeholder.
 */
export function loggableRoute(path: string): string {
  let route = path;
  for (const [prefix, placeholder, except] of SECRET_BY_POSITION) {
    if (!route.startsWith(prefix)) continue;
    const end = route.indexOf("/", prefix.length);
    const segment = end < 0 ? route.slice(prefix.length) : route.slice(prefix.length, end);
    if (segment !== "" && !except.includes(segment)) route = prefix + placeholder + (end < 0 ? "" : route.slice(end));
    break;
  }
  if (SUSPECT.test(route)) route = route.split("/").map(maskSegment).join("/");
  return route.length > MAX_ROUTE_LENGTH ? `${route.slice(0, MAX_ROUTE_LENGTH)}…` : route;
}
