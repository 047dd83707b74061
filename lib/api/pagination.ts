// Opaque keyset cursors for the server API's own lists (licenses use lib/licenses/list-licenses).
// A cursor names the row it was taken from and the direction to read in; the tag keeps a cursor
// of one list from being replayed against another.
import { parseIsoTimestamp } from "../db/timestamps";
import { apiError } from "./errors";

export type KeysetCursor = { at: Date; id: string; dir: "next" | "prev" };
type Encoded = { t: string; at: string; id: string; dir: "next" | "prev" };

export function encodeCursor(tag: string, position: { at: Date; id: string }, dir: "next" | "prev"): string {
  const value: Encoded = { t: tag, at: position.at.toISOString(), id: position.id, dir };
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}

/** The cursor, or a 400 INVALID_CURSOR for anything this list did not hand out. */
export function decodeCursor(tag: string, raw: string): KeysetCursor {
  try {
    const value = JSON.parse(Buffer.from(raw, "base64url").toString("utf8")) as Partial<Encoded> | null;
    const at = parseIsoTimestamp(value?.at);
    if (value?.t === tag && at && typeof value.id === "string" && (value.dir === "next" || value.dir === "prev")) {
      return { at, id: value.id, dir: value.dir };
    }
  } catch {
    // not base64url JSON: fall through
  }
  throw apiError("INVALID_CURSOR", "The cursor is not valid for this list");
}

/**
 * Turns `perPage + 1` rows read from a cursor into a page: newest first, with cursors both ways.
 * Rows read backwards (dir "prev") come oldest first and are reversed here.
 */
export function keysetPage<Row>(
  rows: Row[],
  options: { tag: string; perPage: number; cursor: KeysetCursor | null; position: (row: Row) => { at: Date; id: string } },
) {
  const backwards = options.cursor?.dir === "prev";
  const hasExtra = rows.length > options.perPage;
  const items = rows.slice(0, options.perPage);
  if (backwards) items.reverse();
  const first = items[0];
  const last = items.at(-1);
  const hasNext = backwards ? true : hasExtra;
  const hasPrev = backwards ? hasExtra : options.cursor !== null;
  return {
    items,
    pagination: {
      count: items.length,
      per_page: options.perPage,
      next_cursor: hasNext && last ? encodeCursor(options.tag, options.position(last), "next") : null,
      prev_cursor: hasPrev && first ? encodeCursor(options.tag, options.position(first), "prev") : null,
      has_more_pages: hasNext,
    },
  };
}
