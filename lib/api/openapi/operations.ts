// Building blocks for the OpenAPI operations: error responses that point at the one Error
// schema, rate-limit headers, and a curl example per operation (`x-codeSamples`, the convention
// API reference tools read), written against $STORE_URL and $API_KEY.
import { z } from "zod";
import type { ZodOpenApiResponseObject } from "zod-openapi";
import { SERVER_API_RATE_LIMIT_PER_MINUTE } from "../http/api-route";
import { errorResponseSchema } from "../schemas";

export const SECURITY_SCHEME = "apiKey";

/** Security requirement of a server API route; OpenAPI 3.1 lets non-OAuth schemes list roles. */
export const requireScope = (scope: "read" | "write") => [{ [SECURITY_SCHEME]: [scope] }];

const DEFAULT_ERROR_DESCRIPTIONS: Record<number, string> = {
  400: "Malformed request: INVALID_REQUEST (query parameter), INVALID_CURSOR, INVALID_JSON, UNSUPPORTED_CONTENT_TYPE",
  401: "UNAUTHORIZED: no API key, a malformed one, or an unknown or revoked key",
  403: "FORBIDDEN: a read key on a write route",
  404: "NOT_FOUND",
  409: "Conflict",
  413: "BODY_TOO_LARGE: the body is over 16 KiB (refused from Content-Length, or as soon as it streams past the limit)",
  422: "VALIDATION_ERROR: a field fails validation",
  429: `RATE_LIMITED: more than ${SERVER_API_RATE_LIMIT_PER_MINUTE} requests a minute for this key; see Retry-After`,
};

const rateLimitHeaders = z.object({
  "RateLimit-Limit": z.string().meta({ description: "Requests allowed per window" }),
  "RateLimit-Remaining": z.string().meta({ description: "Requests left in the window" }),
  "RateLimit-Reset": z.string().meta({ description: "Seconds until the window resets" }),
});

/** Error responses by status; pass a description to say which codes this operation answers. */
export function errors(statuses: Record<number, string | true>): Record<`${number}`, ZodOpenApiResponseObject> {
  const responses: Record<`${number}`, ZodOpenApiResponseObject> = {};
  for (const [status, text] of Object.entries(statuses)) {
    const description = text === true ? (DEFAULT_ERROR_DESCRIPTIONS[Number(status)] ?? "Error") : text;
    responses[`${Number(status)}`] = {
      description,
      content: { "application/json": { schema: errorResponseSchema } },
      ...(status === "429" ? { headers: z.object({ "Retry-After": z.string().meta({ description: "Seconds to wait" }) }) } : {}),
    };
  }
  return responses;
}

/** A JSON success response of the server API, with its rate-limit headers. */
export function ok(description: string, schema: z.ZodType): ZodOpenApiResponseObject {
  return { description, content: { "application/json": { schema } }, headers: rateLimitHeaders };
}

type CurlOptions = {
  method: "GET" | "POST" | "DELETE";
  path: string;
  auth: boolean;
  json?: Record<string, unknown>;
  form?: Record<string, string>;
  /** multipart/form-data fields; a value starting with @ is a file, as in curl's -F. */
  multipart?: Record<string, string>;
};

const quote = (text: string) => `'${text.replaceAll("'", "'\\''")}'`;

/** A copy-pasteable curl command, as `x-codeSamples`. */
export function curl({ method, path, auth, json, form, multipart }: CurlOptions) {
  const lines = [`curl -s${method === "GET" ? "" : ` -X ${method}`} "$STORE_URL${path}"`];
  if (auth) lines.push(`-H "Authorization: Bearer $API_KEY"`);
  if (json) lines.push(`-H 'Content-Type: application/json'`, `-d ${quote(JSON.stringify(json))}`);
  if (multipart) lines.push(...Object.entries(multipart).map(([k, v]) => `-F ${quote(`${k}=${v}`)}`));
  if (form) lines.push(`--data-urlencode ${Object.entries(form).map(([k, v]) => quote(`${k}=${v}`)).join(" --data-urlencode ")}`);
  return { "x-codeSamples": [{ lang: "curl", label: "curl", source: lines.join(" \\\n  ") }] };
}
