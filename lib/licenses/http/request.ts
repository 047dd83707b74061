// Framework-free request model for the public endpoints (licenses, updates, downloads): the lean
// node:http handler (server/license-api.ts) translates its request into this and sends back what
// comes out.
import type { Readable } from "node:stream";
import { badRequest } from "../../http/api-error";
import { bodyTooLarge } from "../../http/read-body";

export type LicenseApiRequest = {
  contentType: string | null;
  /** Raw body text; null when the client sent more than MAX_BODY_BYTES (the server stopped reading). */
  body: string | null;
  socketAddress: string | null;
  forwardedFor: string | null;
  userAgent: string | null;
  /** The query string without its `?` ("" when none): what GET endpoints read their fields from. */
  query: string;
  /** A prefix route's last path segment (the product slug, the download token); "" for the others. */
  segment: string;
};

/** A file sent as it is read, never held whole: `size` becomes Content-Length. */
export type StreamedBody = { stream: Readable; size: number };

export type LicenseApiResponse = { status: number; headers: Record<string, string>; body: string | StreamedBody };

export const MAX_BODY_BYTES = 8 * 1024;
/** Far beyond what plugin-update-checker sends (a key, a domain, a version, a locale): longer is refused. */
export const MAX_QUERY_LENGTH = 2048;

/** JSON or form body (WordPress's wp_remote_post sends forms) as a plain record; 400 (413) otherwise. */
export function parseRequestBody(request: LicenseApiRequest): Record<string, unknown> {
  if (request.body === null) throw bodyTooLarge(MAX_BODY_BYTES);
  const type = (request.contentType ?? "").split(";")[0]?.trim().toLowerCase();
  if (type === "application/json") {
    let parsed: unknown;
    try {
      parsed = JSON.parse(request.body);
    } catch {
      throw badRequest("INVALID_JSON", "The request body is not valid JSON");
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
      throw badRequest("INVALID_REQUEST", "The request body must be a JSON object");
    }
    return parsed as Record<string, unknown>;
  }
  if (type === "application/x-www-form-urlencoded") {
    return Object.fromEntries(new URLSearchParams(request.body));
  }
  throw badRequest(
    "UNSUPPORTED_CONTENT_TYPE",
    "Send the request as application/json or application/x-www-form-urlencoded",
  );
}

/** The query string's fields (a repeated name: the last one wins); 400 when it is absurdly long. */
export function parseRequestQuery(request: LicenseApiRequest): Record<string, unknown> {
  if (request.query.length > MAX_QUERY_LENGTH) {
    throw badRequest("QUERY_TOO_LONG", `The query string must be at most ${MAX_QUERY_LENGTH} characters`);
  }
  return Object.fromEntries(new URLSearchParams(request.query));
}
