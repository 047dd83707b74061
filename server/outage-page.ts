// The page a browser gets while the database is away (lib/db/outage.ts decides when): a real 503
// with Retry-After and the message in its HTML, so a client without JavaScript, a crawler or a
// monitor sees what a person sees, and a meta refresh that reloads it every few seconds until the
// store is back. Next.js cannot give a failed page a status of its own (it sends a 500 shell that
// app/error.tsx fills in the browser), so the front door answers for it.
import type { IncomingMessage, ServerResponse } from "node:http";
import { DATABASE_RETRY_AFTER_SECONDS } from "../lib/db/unavailable";

/** The words of app/error.tsx, so the page reads the same whichever of the two a visitor meets. */
export const OUTAGE_PAGE_MESSAGE = "The store is temporarily unavailable, try again in a moment.";

/**
 * Whether a request is a browser opening a page: GET or HEAD, asking for HTML, outside the API and
 * Next.js's files, and not one of Next.js's own fetches (RSC payloads, prefetches, server actions),
 * which its client handles with the error pages it already has.
 */
export function isPageRequest(request: IncomingMessage, canonicalPath: string): boolean {
  if (request.method !== "GET" && request.method !== "HEAD") return false;
  if (canonicalPath.startsWith("/api/") || canonicalPath.startsWith("/_next/")) return false;
  const headers = request.headers;
  if (headers["rsc"] !== undefined || headers["next-router-prefetch"] !== undefined || headers["next-action"] !== undefined) return false;
  return /\btext\/html\b/i.test(headers.accept ?? "");
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c);

/** The whole document: no script, no external resource, one inline style (the policy allows it). */
export function outagePageHtml(storeName: string): string {
  const store = escapeHtml(storeName);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="${DATABASE_RETRY_AFTER_SECONDS}">
<title>Temporarily unavailable · ${store}</title>
<style>
body{margin:0;min-height:100vh;display:flex;align-items:center;justify-content:center;background:#f8fafc;color:#0f172a;font-family:ui-sans-serif,system-ui,sans-serif}
main{max-width:28rem;padding:2rem 1rem;text-align:center}
h1{font-size:1.5rem;font-weight:600;margin:0 0 1rem}
p{color:#475569;margin:0 0 .75rem}
</style>
</head>
<body>
<main role="alert">
<h1>Back in a moment</h1>
<p>${OUTAGE_PAGE_MESSAGE}</p>
<p>This page reloads by itself every ${DATABASE_RETRY_AFTER_SECONDS} seconds.</p>
<p><small>${store}</small></p>
</main>
</body>
</html>
`;
}

/** Answers 503 with the outage page; the caller has set the security headers and X-Request-Id. */
export function serveOutagePage(request: IncomingMessage, response: ServerResponse, storeName: string): void {
  const body = outagePageHtml(storeName);
  response.writeHead(503, {
    "Content-Type": "text/html; charset=utf-8",
    "Content-Length": Buffer.byteLength(body),
    "Retry-After": String(DATABASE_RETRY_AFTER_SECONDS),
    "Cache-Control": "no-store",
  });
  response.end(request.method === "HEAD" ? undefined : body);
}
