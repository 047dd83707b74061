import { Prisma, type Db, type DbClient } from "../db";
import type { Environment } from "./environment";

/** Repeat verifies refresh lastSeenAt at most this often, so they do not write on every call. */
export const LAST_SEEN_REFRESH_MS = 60_000;

export type ActivationContext = {
  environment: Environment;
  /** What the client sent (the domain as given) or the socket address. */
  rawValue: string;
  ip: string | null;
  userAgent: string | null;
  /** A local/staging host under the store setting: recorded, takes no slot. */
  local: boolean;
  now: Date;
};

export type ActivationOutcome = {
  outcome: "known" | "activated" | "full";
  activationsUsed: number;
  /** Whether the environment is on the list as a local one that takes no slot. */
  local: boolean;
};

class LimitReached extends Error {}

type LicenseRef = { id: string; activationsUsed: number };

const isUniqueViolation = (error: unknown) =>
  error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";

/**
 * Puts an environment on a key's allow-list. A known environment never counts again; a new one
 * takes a slot only while `activationsUsed < maxActivations` (0 = unlimited). Both rules live in
 * the database: the unique (licenseId, environment) index admits one row per environment, and the
 * slot is taken by one conditional UPDATE in the same transaction, so concurrent requests and
 * several app instances can never exceed the limit or count an environment twice.
 */
export async function activateEnvironment(db: Db, license: LicenseRef, context: ActivationContext): Promise<ActivationOutcome> {
  const existing = await db.activation.findUnique({
    where: { licenseId_environment: { licenseId: license.id, environment: context.environment.value } },
    select: { id: true, deactivatedAt: true, lastSeenAt: true, local: true },
  });
  if (existing && !existing.deactivatedAt) {
    await touchActivation(db, existing.id, existing.lastSeenAt, context.now);
    return { outcome: "known", activationsUsed: license.activationsUsed, local: existing.local };
  }
  const known = { outcome: "known", activationsUsed: license.activationsUsed, local: context.local } as const;

  try {
    const activationsUsed = await db.$transaction(async (tx) => {
      if (existing) {
        // A freed environment coming back: claim the row again (only one request can), then a slot.
        const { count } = await tx.activation.updateMany({
          where: { id: existing.id, deactivatedAt: { not: null } },
          data: { deactivatedAt: null, lastSeenAt: context.now, local: context.local, ip: context.ip, userAgent: context.userAgent },
        });
        if (count === 0) return null;
      } else {
        await tx.activation.create({
          data: {
            licenseId: license.id,
            environment: context.environment.value,
            kind: context.environment.kind,
            rawValue: context.rawValue.slice(0, 255),
            ip: context.ip,
            userAgent: context.userAgent?.slice(0, 500) ?? null,
            local: context.local,
            firstSeenAt: context.now,
            lastSeenAt: context.now,
          },
        });
      }
      if (!context.local && !(await takeSlot(tx, license.id))) throw new LimitReached();
      const updated = await tx.license.findUniqueOrThrow({ where: { id: license.id }, select: { activationsUsed: true } });
      return updated.activationsUsed;
    });
    if (activationsUsed === null) return known;
    return { outcome: "activated", activationsUsed, local: context.local };
  } catch (error) {
    if (error instanceof LimitReached) return { outcome: "full", activationsUsed: license.activationsUsed, local: false };
    // Another request added this environment first: it is known now, and counted once.
    if (isUniqueViolation(error)) return known;
    throw error;
  }
}

/** The conditional increment: true when a slot was free and is now taken. */
async function takeSlot(tx: DbClient, licenseId: string): Promise<boolean> {
  const updated = await tx.$executeRaw`
    UPDATE "License" SET "activationsUsed" = "activationsUsed" + 1
    WHERE "id" = ${licenseId} AND "revokedAt" IS NULL
      AND ("maxActivations" = 0 OR "activationsUsed" < "maxActivations")`;
  return updated === 1;
}

/** Refreshes lastSeenAt at most once a minute; the condition keeps concurrent repeats to one write. */
async function touchActivation(db: DbClient, id: string, lastSeenAt: Date, now: Date) {
  if (now.getTime() - lastSeenAt.getTime() < LAST_SEEN_REFRESH_MS) return;
  await db.activation.updateMany({
    where: { id, lastSeenAt: { lt: new Date(now.getTime() - LAST_SEEN_REFRESH_MS) } },
    data: { lastSeenAt: now },
  });
}

/**
 * Frees an environment's slot (the installed product deactivating itself, the customer or the
 * admin). The row stays, with deactivatedAt, for the audit trail. Returns false when it was not
 * active. One transaction: the row and the counter change together or not at all.
 */
export async function deactivateActivation(db: Db, activationId: string, now = new Date()): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const activation = await tx.activation.findUnique({ where: { id: activationId }, select: { licenseId: true, local: true } });
    if (!activation) return false;
    const { count } = await tx.activation.updateMany({ where: { id: activationId, deactivatedAt: null }, data: { deactivatedAt: now } });
    if (count === 0) return false;
    if (!activation.local) {
      await tx.$executeRaw`
        UPDATE "License" SET "activationsUsed" = "activationsUsed" - 1
        WHERE "id" = ${activation.licenseId} AND "activationsUsed" > 0`;
    }
    return true;
  });
}
