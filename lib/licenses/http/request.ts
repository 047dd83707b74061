// Framework-free request model for the license endpoints: the Next.js route handlers and the lean
// node:http handler both translate their request into this and send back what comes out.
import { badRequest } from "../../http/api-error";
import { bodyTooLarge } from "../../http/read-body";

export type LicenseApiRequest = {
  contentType: string | null;
  /** Raw body text; null when the client sent more than MAX_BODY_BYTES (the server stopped reading). */
  body: string | null;
  socketAddress: string | null;
  forwardedFor: string | null;
  userAgent: string | null;
};

export type LicenseApiResponse = { status: number; headers: Record<string, string>; body: string };

export const MAX_BODY_BYTES = 8 * 1024;

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
