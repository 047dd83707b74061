import type { Db, Prisma } from "../db";
import { decodeKeysetCursor, InvalidCursorError, keysetPage, keysetQuery } from "../db/keyset";
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
  /** Only keys, not revoked, that are active now and expire within this many days. */
  expiringWithinDays?: number;
};

export { InvalidCursorError };

/** Status is derived from dates, so each status is a date condition, never a stored column. */
export function licenseStatusWhere(status: LicenseStatus, now: Date): Prisma.LicenseWhereInput {
  if (status === "revoked") return { revokedAt: { not: null } };
  if (status === "expired") return { revokedAt: null, expiresAt: { lte: now } };
  return { revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] };
}

/** Not revoked, still active, and expiring by `now` + `days` (one range on the expiresAt index). */
export function expiringWithinWhere(days: number, now: Date): Prisma.LicenseWhereInput {
  return { revokedAt: null, expiresAt: { gt: now, lte: new Date(now.getTime() + days * 24 * 60 * 60 * 1000) } };
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
  // Only the conditions that can match: an empty `IN ()` becomes `OR 1=0`, and any OR keeps
  // SQLite off the (userId, createdAt) index, walking every key newest first instead (0.8 s at a
  // million keys for a customer's twenty). No condition at all matches nothing (Prisma reads an
  // empty OR as no condition, so it is spelt as an empty id list).
  const or: Prisma.LicenseWhereInput[] = [];
  if (users.length > 0) or.push({ userId: { in: users.map((u) => u.id) } });
  if (products.length > 0) or.push({ productId: { in: products.map((p) => p.id) } });
  if (KEY_PREFIX.test(term)) or.push({ key: { startsWith: term.toUpperCase() } });
  if (or.length === 0) return { id: { in: [] } };
  return or.length === 1 && or[0] ? or[0] : { OR: or };
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
  const cursor = options.cursor ? decodeKeysetCursor(options.cursor) : null;
  const keyset = keysetQuery(cursor);
  const and: Prisma.LicenseWhereInput[] = [];
  if (filter.status) and.push(licenseStatusWhere(filter.status, now));
  if (filter.userId) and.push({ userId: filter.userId });
  if (filter.visibleTo) and.push(visibleToCustomer(filter.visibleTo));
  if (filter.productId) and.push({ productId: filter.productId });
  if (filter.expiringWithinDays !== undefined) and.push(expiringWithinWhere(filter.expiringWithinDays, now));
  if (filter.search?.trim()) and.push(await searchWhere(db, filter.search));
  if (keyset.where) and.push(keyset.where);
  const rows = await db.license.findMany({ where: { AND: and }, orderBy: keyset.orderBy, take: perPage + 1, include: options.include });
  return { ...keysetPage(rows, perPage, cursor), perPage };
}
