import type { Db, Prisma } from "../db";
import { parseIsoTimestamp } from "../db/timestamps";
import { normalizeLicenseKey } from "./key";
import { visibleToCustomer } from "./queries";
import type { LicenseStatus } from "./status";

export const LICENSES_PER_PAGE_DEFAULT = 50;
export const LICENSES_PER_PAGE_MAX = 100;

export type LicenseListFilter = {
  status?: LicenseStatus;
  userId?: string;
  /** Customer-facing lists: only the keys this customer may see (queries.ts, visibleToCustomer). */
  visibleTo?: string;
  productId?: string;
  /** A key (any spelling), part of a customer's email, or part of a product name. */
  search?: string;
};

type Position = { at: string; id: string };
type Cursor = Position & { dir: "next" | "prev" };

export class InvalidCursorError extends Error {
  constructor() {
    super("The cursor is not valid for this list");
  }
}

const encodeCursor = (cursor: Cursor) => Buffer.from(JSON.stringify(cursor)).toString("base64url");

function decodeCursor(raw: string): Cursor {
  try {
    const value: unknown = JSON.parse(Buffer.from(raw, "base64url").toString("utf8"));
    const c = value as Partial<Cursor>;
    const at = parseIsoTimestamp(c.at);
    if (at && typeof c.id === "string" && (c.dir === "next" || c.dir === "prev")) return { at: at.toISOString(), id: c.id, dir: c.dir };
  } catch {
    // fall through
  }
  throw new InvalidCursorError();
}

/** Status is derived from dates, so each status is a date condition, never a stored column. */
export function licenseStatusWhere(status: LicenseStatus, now: Date): Prisma.LicenseWhereInput {
  if (status === "revoked") return { revokedAt: { not: null } };
  if (status === "expired") return { revokedAt: null, expiresAt: { lte: now } };
  return { revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] };
}

/** What a typed key prefix looks like ("CP-7KQ2", "cp-7kq2m-x"); anything else is not a key. */
const KEY_PREFIX = /^CP-?[0-9A-Z-]{2,}$/i;

/**
 * A search as indexed conditions only, so it stays fast (and light: no scan of every key's row)
 * with 100,000 keys: a full key, a key prefix, or text resolved first to the matching customers
 * and products, which are far fewer than keys, then used through the (userId, createdAt) and
 * (productId, createdAt) indexes.
 */
async function searchWhere(db: Db, search: string): Promise<Prisma.LicenseWhereInput> {
  const key = normalizeLicenseKey(search);
  if (key) return { key };
  const term = search.trim().slice(0, 100);
  const [users, products] = await Promise.all([
    db.user.findMany({ where: { email: { contains: term.toLowerCase() } }, select: { id: true }, take: 500 }),
    db.product.findMany({ where: { name: { contains: term } }, select: { id: true }, take: 100 }),
  ]);
  const or: Prisma.LicenseWhereInput[] = [
    { userId: { in: users.map((u) => u.id) } },
    { productId: { in: products.map((p) => p.id) } },
  ];
  if (KEY_PREFIX.test(term)) or.push({ key: { startsWith: term.toUpperCase() } });
  return { OR: or };
}

/**
 * One page of licenses, newest first, by keyset pagination on (createdAt, id): every page costs
 * the same with 100,000 keys (no OFFSET scan, no count of the whole table). Cursors are opaque
 * and go both ways; a page reports whether more follow by fetching one extra row.
 */
export async function listLicenses<Include extends Prisma.LicenseInclude>(
  db: Db,
  options: { filter?: LicenseListFilter; perPage?: number; cursor?: string | null; include: Include; now?: Date },
) {
  const now = options.now ?? new Date();
  const perPage = Math.min(Math.max(options.perPage ?? LICENSES_PER_PAGE_DEFAULT, 1), LICENSES_PER_PAGE_MAX);
  const filter = options.filter ?? {};
  const cursor = options.cursor ? decodeCursor(options.cursor) : null;
  const and: Prisma.LicenseWhereInput[] = [];
  if (filter.status) and.push(licenseStatusWhere(filter.status, now));
  if (filter.userId) and.push({ userId: filter.userId });
  if (filter.visibleTo) and.push(visibleToCustomer(filter.visibleTo));
  if (filter.productId) and.push({ productId: filter.productId });
  if (filter.search?.trim()) and.push(await searchWhere(db, filter.search));
  if (cursor) {
    const at = new Date(cursor.at);
    const op = cursor.dir === "next" ? "lt" : "gt";
    and.push({ OR: [{ createdAt: { [op]: at } }, { createdAt: at, id: { [op]: cursor.id } }] });
  }
  const backwards = cursor?.dir === "prev";
  const order = backwards ? "asc" : "desc";
  const rows = await db.license.findMany({
    where: { AND: and },
    orderBy: [{ createdAt: order }, { id: order }],
    take: perPage + 1,
    include: options.include,
  });
  const hasExtra = rows.length > perPage;
  const page = rows.slice(0, perPage);
  if (backwards) page.reverse();
  const first = page[0];
  const last = page.at(-1);
  const position = (row: { createdAt: Date; id: string }): Position => ({ at: row.createdAt.toISOString(), id: row.id });
  // Going forward, a previous page exists when we came from a cursor; going back, when rows remain.
  const hasNext = backwards ? true : hasExtra;
  const hasPrev = backwards ? hasExtra : cursor !== null;
  return {
    items: page,
    perPage,
    nextCursor: hasNext && last ? encodeCursor({ ...position(last), dir: "next" }) : null,
    prevCursor: hasPrev && first ? encodeCursor({ ...position(first), dir: "prev" }) : null,
    hasMorePages: hasNext,
  };
}
