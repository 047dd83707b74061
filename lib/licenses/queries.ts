// Reads behind the license pages. Customer reads always carry the customer's id in their `where`,
// so a key that belongs to someone else is indistinguishable from one that does not exist.
import type { DbClient, Prisma } from "../db";

/**
 * THE rule for which keys a customer sees, used by every customer-facing read (Account overview,
 * Licenses, a key's page, Downloads and the download route): their own keys, but of the keys the
 * owner issued to their address (Admin, CLI or API: no order item) only once the address is
 * verified. Keys from their own orders, and replacements of those (which keep the order item),
 * show at once. Whoever registers someone else's address therefore sees nothing sent to it until
 * they prove the inbox, which they cannot. Evaluated in the query itself, so a confirmation shows
 * the keys at the next request.
 */
export function visibleToCustomer(userId: string): Prisma.LicenseWhereInput {
  return { userId, OR: [{ orderItemId: { not: null } }, { user: { emailVerifiedAt: { not: null } } }] };
}

export class LicenseNotFoundError extends Error {
  constructor() {
    super("License not found");
  }
}

/** A customer's key with its activations, or null unless `userId` may see it (visibleToCustomer). */
export function findLicenseForUser(db: DbClient, input: { licenseId: string; userId: string }) {
  return db.license.findFirst({
    where: { AND: [{ id: input.licenseId }, visibleToCustomer(input.userId)] },
    include: {
      activations: {
        orderBy: [{ firstSeenAt: "asc" }, { id: "asc" }],
        select: { id: true, environment: true, kind: true, local: true, firstSeenAt: true, lastSeenAt: true, deactivatedAt: true },
      },
    },
  });
}

export type CustomerLicense = NonNullable<Awaited<ReturnType<typeof findLicenseForUser>>>;

/** As findLicenseForUser, but a missing or foreign key throws LicenseNotFoundError. */
export async function getLicenseForUserOrThrow(db: DbClient, input: { licenseId: string; userId: string }): Promise<CustomerLicense> {
  const license = await findLicenseForUser(db, input);
  if (!license) throw new LicenseNotFoundError();
  return license;
}

export const ADMIN_ACTIVATIONS_SHOWN = 200;

/** Everything Admin shows about one key: owner, product, order and the full activation history. */
export function findLicenseForAdmin(db: DbClient, licenseId: string) {
  return db.license.findUnique({
    where: { id: licenseId },
    include: {
      user: { select: { id: true, email: true, name: true } },
      product: { select: { id: true, name: true, slug: true } },
      orderItem: { select: { orderId: true } },
      // An unlimited key can be on thousands of sites: the page shows the newest, and the count.
      activations: { orderBy: [{ firstSeenAt: "desc" }, { id: "desc" }], take: ADMIN_ACTIVATIONS_SHOWN },
      _count: { select: { activations: true } },
    },
  });
}

export type AdminLicense = NonNullable<Awaited<ReturnType<typeof findLicenseForAdmin>>>;

/** The key's audit trail, newest first (issue, revoke, limit changes, deactivations, …). */
export function listLicenseAuditEvents(db: DbClient, licenseId: string, take = 50) {
  return db.auditEvent.findMany({
    where: { subject: `license:${licenseId}` },
    orderBy: [{ at: "desc" }, { id: "desc" }],
    take,
  });
}

/**
 * Readable names for audit actors: a user id becomes that user's email; anything else ("system",
 * "stripe", "api:<prefix>", "cli") is shown as it is.
 */
export async function describeActors(db: DbClient, actors: readonly (string | null)[]): Promise<Map<string, string>> {
  const ids = [...new Set(actors.filter((actor): actor is string => Boolean(actor)))];
  const users = ids.length
    ? await db.user.findMany({ where: { id: { in: ids } }, select: { id: true, email: true } })
    : [];
  const names = new Map(ids.map((id) => [id, id]));
  for (const user of users) names.set(user.id, user.email);
  return names;
}

/**
 * The keys a key was replaced by or replaces, read from its audit trail (replaceLicense records
 * both sides), so the admin can follow a replacement either way.
 */
export function replacementLinks(events: readonly { action: string; details: string | null }[]) {
  const idFrom = (details: string | null, field: string): string | undefined => {
    try {
      const value: unknown = details ? JSON.parse(details) : null;
      const id = value && typeof value === "object" ? (value as Record<string, unknown>)[field] : undefined;
      return typeof id === "string" ? id : undefined;
    } catch {
      return undefined;
    }
  };
  const replaced = events.find((e) => e.action === "license.replaced");
  const issued = events.find((e) => e.action === "license.issued_as_replacement");
  return {
    replacedBy: replaced ? idFrom(replaced.details, "replacementId") : undefined,
    replaces: issued ? idFrom(issued.details, "originalId") : undefined,
  };
}

/** id → key for a few licenses (replacement links). */
export async function findLicenseKeys(db: DbClient, ids: readonly (string | undefined)[]): Promise<Map<string, string>> {
  const wanted = ids.filter((id): id is string => Boolean(id));
  if (wanted.length === 0) return new Map();
  const rows = await db.license.findMany({ where: { id: { in: wanted } }, select: { id: true, key: true } });
  return new Map(rows.map((row) => [row.id, row.key]));
}
