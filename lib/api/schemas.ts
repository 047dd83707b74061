// Schemas every server API route shares: errors, pagination, timestamps. The routes parse with
// them and lib/api/openapi documents them, so the document cannot drift from the code.
import { z } from "zod";
import { API_ERROR_CODES } from "./errors";

export const PER_PAGE_DEFAULT = 50;
export const PER_PAGE_MAX = 100;

export const timestampSchema = z.iso.datetime().meta({ example: "2026-01-15T10:30:00.000Z" });

export const errorResponseSchema = z
  .object({
    error: z.object({
      code: z.enum(API_ERROR_CODES).meta({ description: "Stable machine-readable code" }),
      message: z.string().meta({ description: "Human-readable explanation" }),
    }),
  })
  .meta({ id: "Error", description: "Every error answer of the API" });

export const paginationSchema = z
  .object({
    count: z.number().int().meta({ description: "Number of items on this page" }),
    per_page: z.number().int(),
    next_cursor: z.string().nullable().meta({ description: "Pass as `cursor` for the next (older) page; null on the last page" }),
    prev_cursor: z.string().nullable().meta({ description: "Pass as `cursor` for the previous (newer) page; null on the first page" }),
    has_more_pages: z.boolean().meta({ description: "Whether a next page exists" }),
  })
  .meta({ id: "Pagination" });
export type Pagination = z.infer<typeof paginationSchema>;

const perPageMessage = `per_page must be a whole number from 1 to ${PER_PAGE_MAX}`;

/** Query parameters of every paginated list. */
export const pageQueryShape = {
  per_page: z.coerce
    .number({ error: perPageMessage })
    .int(perPageMessage)
    .min(1, perPageMessage)
    .max(PER_PAGE_MAX, perPageMessage)
    .default(PER_PAGE_DEFAULT)
    .meta({ description: `Items per page (default ${PER_PAGE_DEFAULT}, max ${PER_PAGE_MAX})` }),
  cursor: z
    .string()
    .min(1, "cursor must not be empty")
    .max(500, "cursor is not valid")
    .optional()
    .meta({ description: "An opaque `next_cursor` or `prev_cursor` from a previous page" }),
};

export const messageSchema = z.string().meta({ description: "Human-readable summary" });
