import type { z } from "zod";
import type { Db } from "../../db";
import { InvalidCursorError, listLicenses } from "../../licenses/list-licenses";
import { apiError } from "../errors";
import type { licenseListResponseSchema, ListLicensesQuery } from "./schemas";
import { licenseObjectInclude, serializeLicense } from "./serialize-license";

/**
 * One page of licenses, newest first, through listLicenses (keyset pagination on (createdAt, id)
 * with opaque cursors both ways), so every page costs the same however many keys exist.
 */
export async function getLicenses(db: Db, query: ListLicensesQuery, now = new Date()): Promise<z.infer<typeof licenseListResponseSchema>> {
  let page;
  try {
    page = await listLicenses(db, {
      filter: { status: query.status, userId: query.customer_id, productId: query.product_id },
      perPage: query.per_page,
      cursor: query.cursor,
      include: licenseObjectInclude,
      now,
    });
  } catch (error) {
    if (error instanceof InvalidCursorError) throw apiError("INVALID_CURSOR", error.message);
    throw error;
  }
  return {
    data: page.items.map((row) => serializeLicense(row, now)),
    pagination: {
      count: page.items.length,
      per_page: page.perPage,
      next_cursor: page.nextCursor,
      prev_cursor: page.prevCursor,
      has_more_pages: page.hasMorePages,
    },
  };
}
