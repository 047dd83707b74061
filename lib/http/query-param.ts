import { z } from "zod";

/** The first value of a query parameter given more than once (`?a=1&a=2` arrives as an array). */
export const firstValue = (value: unknown): unknown => (Array.isArray(value) ? value[0] : value);

/**
 * One query parameter of a page: its first value, or undefined when absent or refused by `schema`.
 * A URL is user input; a page drops what it cannot use instead of failing.
 */
export const queryParam = <T extends z.ZodType>(schema: T) => z.preprocess(firstValue, schema.optional().catch(undefined));
