// Keyset pagination on (createdAt, id), newest first, for the store's long lists (Admin → Licenses,
// Account → Licenses, Admin → Emails): every page costs the same however long the list grows (no
// OFFSET scan, no count of the table). Cursors are opaque, go both ways, and a page knows whether
// more follow by reading one extra row.
import { parseIsoTimestamp } from "./timestamps";

type Position = { at: string; id: string };
export type KeysetCursor = Position & { dir: "next" | "prev" };

export class InvalidCursorError extends Error {
  constructor() {
    super("The cursor is not valid for this list");
  }
}

const encode = (cursor: KeysetCursor) => Buffer.from(JSON.stringify(cursor)).toString("base64url");

/** The cursor a page handed out, or InvalidCursorError for anything else. */
export function decodeKeysetCursor(raw: string): KeysetCursor {
  try {
    const c = JSON.parse(Buffer.from(raw, "base64url").toString("utf8")) as Partial<KeysetCursor>;
    const at = parseIsoTimestamp(c.at);
    if (at && typeof c.id === "string" && (c.dir === "next" || c.dir === "prev")) return { at: at.toISOString(), id: c.id, dir: c.dir };
  } catch {
    // not base64url JSON: fall through
  }
  throw new InvalidCursorError();
}

/** The rows after (or, going back, before) the cursor's row, and the order to read them in. */
export function keysetQuery(cursor: KeysetCursor | null) {
  const order = cursor?.dir === "prev" ? ("asc" as const) : ("desc" as const);
  const orderBy = [{ createdAt: order }, { id: order }];
  if (!cursor) return { where: undefined, orderBy };
  const at = new Date(cursor.at);
  const op = cursor.dir === "next" ? "lt" : "gt";
  return { where: { OR: [{ createdAt: { [op]: at } }, { createdAt: at, id: { [op]: cursor.id } }] }, orderBy };
}

/** Turns the `perPage + 1` rows read by keysetQuery into a page, newest first, with cursors both ways. */
export function keysetPage<Row extends { createdAt: Date; id: string }>(rows: Row[], perPage: number, cursor: KeysetCursor | null) {
  const backwards = cursor?.dir === "prev";
  const hasExtra = rows.length > perPage;
  const items = rows.slice(0, perPage);
  if (backwards) items.reverse();
  const first = items[0];
  const last = items.at(-1);
  const position = (row: Row): Position => ({ at: row.createdAt.toISOString(), id: row.id });
  // Going forward, a previous page exists when we came from a cursor; going back, when rows remain.
  const hasNext = backwards ? true : hasExtra;
  const hasPrev = backwards ? hasExtra : cursor !== null;
  return {
    items,
    nextCursor: hasNext && last ? encode({ ...position(last), dir: "next" }) : null,
    prevCursor: hasPrev && first ? encode({ ...position(first), dir: "prev" }) : null,
    hasMorePages: hasNext,
  };
}
