// The security headers of every answer the server hands to Next.js (pages, route handlers,
// static files). server/main.ts sets them before Next.js runs, and passes the page's CSP on the
// request too: Next.js reads the nonce from it and puts it on every script it renders.
// The lean license API (server/license-api.ts) keeps its own headers.
import { randomBytes } from "node:crypto";

export type SecurityHeaderOptions = {
  /** The store's public URL is https: browsers are told to use nothing else (HSTS). */
  https: boolean;
  /** Next.js development mode: React's dev tools need eval and the hot-reload socket. */
  dev: boolean;
  /** Stripe Checkout is configured: forms may lead there (a server action redirects to it). */
  stripeCheckout: boolean;
};

/** Query parameters that carry a secret (reset and verification links, Stripe's session id). */
const TOKEN_PARAMETERS = ["token", "session_id", "code"];

export function newNonce(): string {
  return randomBytes(16).toString("base64");
}

/** A page's policy: scripts only with this response's nonce (Next.js's own included). */
export function pageContentSecurityPolicy(nonce: string, options: SecurityHeaderOptions): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${options.dev ? " 'unsafe-eval'" : ""}`,
    // React renders computed style attributes (chart bar heights), which cannot carry a nonce.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self'${options.dev ? " ws: wss:" : ""}`,
    "object-src 'none'",
    "base-uri 'self'",
    `form-action 'self'${options.stripeCheckout ? " https://checkout.stripe.com" : ""}`,
    "frame-ancestors 'none'",
    ...(options.https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}

/** JSON and files: nothing to run, nothing to frame. */
const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'";

/** Admin → Emails shows a message's stored HTML in a frame of its own page, served from here. */
export const EMAIL_PREVIEW_PATH = /^\/admin\/emails\/[A-Za-z0-9_-]+\/preview$/;

/**
 * The stored HTML of an email: a unique origin with no scripts, forms or plugins (`sandbox`),
 * nothing fetched but inline styles and data: images (what our templates use), and framed only
 * by the store's own pages. The one answer that may be framed at all.
 */
export const EMAIL_PREVIEW_CONTENT_SECURITY_POLICY =
  "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'; form-action 'none'; base-uri 'none'";

/**
 * The headers for one request. `path` is the canonical path and `search` the query string (a
 * page whose URL carries a token sends no Referer, so the token never leaves in one).
 */
export function securityHeaders(
  request: { path: string; search: string; nonce: string },
  options: SecurityHeaderOptions,
): Record<string, string> {
  const isPage = !request.path.startsWith("/api/") && !request.path.startsWith("/_next/");
  const params = new URLSearchParams(request.search);
  const carriesToken = TOKEN_PARAMETERS.some((name) => params.has(name));
  const emailPreview = EMAIL_PREVIEW_PATH.test(request.path);
  const contentSecurityPolicy = emailPreview
    ? EMAIL_PREVIEW_CONTENT_SECURITY_POLICY
    : isPage
      ? pageContentSecurityPolicy(request.nonce, options)
      : API_CONTENT_SECURITY_POLICY;
  return {
    "Content-Security-Policy": contentSecurityPolicy,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": emailPreview ? "SAMEORIGIN" : "DENY",
    "Referrer-Policy": carriesToken ? "no-referrer" : "strict-origin-when-cross-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=(), browsing-topics=()",
    "Cross-Origin-Opener-Policy": "same-origin",
    ...(options.https ? { "Strict-Transport-Security": "max-age=31536000; includeSubDomains" } : {}),
  };
}
