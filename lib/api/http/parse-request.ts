// Parsing a server API request with the route's zod schemas. Query strings and path parameters
// that do not parse are 400 (404 for a path); JSON bodies that are not JSON are 400 and JSON whose
// fields fail the schema is 422 (see lib/api/errors.ts).
import type { z } from "zod";
import type { ApiError } from "../../http/api-error";
import { readTextWithin } from "../../http/read-body";
import { apiError, type ApiErrorCode } from "../errors";

export const MAX_JSON_BODY_BYTES = 16 * 1024;

function describeIssue(issue: z.core.$ZodIssue, unknownLabel: string): string {
  if (issue.code === "unrecognized_keys") return `Unknown ${unknownLabel}: ${issue.keys.join(", ")}`;
  return issue.path.length > 0 ? `${issue.path.join(".")}: ${issue.message}` : issue.message;
}

function parseWith<S extends z.ZodType>(schema: S, value: unknown, code: ApiErrorCode, unknownLabel: string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw apiError(code, issue ? describeIssue(issue, unknownLabel) : "Invalid request");
}

/** The query string; a parameter given twice is refused rather than silently picking one. */
export function parseQuery<S extends z.ZodType>(request: Request, schema: S): z.output<S> {
  const fields: Record<string, string> = {};
  for (const [name, value] of new URL(request.url).searchParams) {
    if (name in fields) throw apiError("INVALID_REQUEST", `${name} was given more than once`);
    fields[name] = value;
  }
  return parseWith(schema, fields, "INVALID_REQUEST", "query parameter");
}

/** Path parameters: anything the schema refuses cannot name an existing resource. */
export function parseParams<S extends z.ZodType>(params: unknown, schema: S, notFound: () => ApiError): z.output<S> {
  const parsed = schema.safeParse(params);
  if (!parsed.success) throw notFound();
  return parsed.data;
}

/**
 * A JSON object body. `optional` routes (revoke) accept an empty body as `{}`, with or without a
 * content type; any other body must be `application/json` of at most 16 KiB (413 past that, read no further).
 */
export async function parseJsonBody<S extends z.ZodType>(request: Request, schema: S, options: { optional?: boolean } = {}): Promise<z.output<S>> {
  const text = await readTextWithin(request, MAX_JSON_BODY_BYTES);
  if (options.optional && text.trim() === "") return parseWith(schema, {}, "VALIDATION_ERROR", "field");
  const type = (request.headers.get("content-type") ?? "").split(";")[0]?.trim().toLowerCase();
  if (type !== "application/json") throw apiError("UNSUPPORTED_CONTENT_TYPE", "Send the request body as application/json");
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw apiError("INVALID_JSON", "The request body is not valid JSON");
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw apiError("INVALID_JSON", "The request body must be a JSON object");
  }
  return parseWith(schema, value, "VALIDATION_ERROR", "field");
}
