import { z } from "zod";

/** The first value of a query parameter given more than once (`?a=1&a=2` arrives as an array). */
export const firstValue = (value: unknown): unknown => (Array.isArray(value) ? value[0] : value);

/**
 * One query parameter of a page: its first value, or undefined when absent or refused by `schema`.
 * A URL is user input; a page drops what it cannot use instead of failing.
 */
export const queryParam = <T extends z.ZodType>(schema: T) => z.preprocess(firstValue, schema.optional().catch(undefined));

/** Free text of at most `max` characters from the URL, trimmed; empty or too long = absent. */
export const queryText = (max: number) =>
  queryParam(
    z
      .string()
      .trim()
      .max(max)
      .transform((value) => value || undefined),
  );

/** `path` with the given query parameters, leaving out the empty ones (a list's first page has none). */
export function listHref(path: string, params: Record<string, string | null | undefined>): string {
  const query = new URLSearchParams(Object.entries(params).filter((entry): entry is [string, string] => Boolean(entry[1]))).toString();
  return query ? `${path}?${query}` : path;
}
