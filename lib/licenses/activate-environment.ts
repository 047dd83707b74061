import { randomUUID } from "node:crypto";
import { sqlFor, type Db } from "../db";
import { asBoolean, asDate, type SqlExecutor } from "../db/sql";
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

type LicenseRef = { id: string; activationsUsed: number; maxActivations?: number };

/** An allow-list row as the raw driver returns it (dates and booleans in the engine's form). */
export type ActivationRow = { id: string; deactivatedAt: unknown; lastSeenAt: unknown; local: unknown };

/**
 * Puts an environment on a key's allow-list. A known environment never counts again; a new one
 * takes a slot only while `activationsUsed < maxActivations` (0 = unlimited). Both rules live in
 * the database: the unique (licenseId, environment) index admits one row per environment, and the
 * slot is taken by one conditional UPDATE in the same transaction, so concurrent requests and
 * several app instances can never exceed the limit or count an environment twice.
 * Runs on prepared statements (lib/db/sql.ts): this is the Verify hot path.
 */
export async function activateEnvironment(
  db: Db,
  license: LicenseRef,
  context: ActivationContext,
  /** The environment's row when the caller already read it (null: none); looked up when omitted. */
  prefetched?: ActivationRow | null,
): Promise<ActivationOutcome> {
  const sql = sqlFor(db);
  const existing =
    prefetched !== undefined
      ? prefetched
      : await sql.one<ActivationRow>(
          `SELECT "id", "deactivatedAt", "lastSeenAt", "local" FROM "Activation" WHERE "licenseId" = ? AND "environment" = ?`,
          [license.id, context.environment.value],
        );
  if (existing && !existing.deactivatedAt) {
    await touchActivation(sql, existing.id, asDate(existing.lastSeenAt) ?? context.now, context.now);
    return { outcome: "known", activationsUsed: license.activationsUsed, local: asBoolean(existing.local) };
  }
  const full = { outcome: "full", activationsUsed: license.activationsUsed, local: false } as const;
  const known = { outcome: "known", activationsUsed: license.activationsUsed, local: context.local } as const;
  // A full key answers a new environment without taking the write lock; the transaction below
  // re-checks the limit anyway, so a slot freed meanwhile is only missed by this one request.
  const max = license.maxActivations;
  if (!context.local && max !== undefined && max > 0 && license.activationsUsed >= max) return full;

  try {
    return await sql.transaction(async (tx) => {
      const added = existing
        ? // A freed environment coming back: claim the row again (only one request can), then a slot.
          await tx.run(
            `UPDATE "Activation" SET "deactivatedAt" = NULL, "lastSeenAt" = ?, "local" = ?, "ip" = ?, "userAgent" = ?
             WHERE "id" = ? AND "deactivatedAt" IS NOT NULL`,
            [context.now, context.local, context.ip, truncate(context.userAgent, 500), existing.id],
          )
        : await tx.run(
            `INSERT INTO "Activation" ("id", "licenseId", "environment", "kind", "rawValue", "ip", "userAgent", "local", "firstSeenAt", "lastSeenAt")
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT ("licenseId", "environment") DO NOTHING`,
            [randomUUID(), license.id, context.environment.value, context.environment.kind, context.rawValue.slice(0, 255),
              context.ip, truncate(context.userAgent, 500), context.local, context.now, context.now],
          );
      // Another request added (or reclaimed) this environment first: it is known, counted once.
      if (added === 0) return known;
      if (!context.local && !(await takeSlot(tx, license.id))) throw new LimitReached();
      const row = await tx.one<{ activationsUsed: number }>(`SELECT "activationsUsed" FROM "License" WHERE "id" = ?`, [license.id]);
      return { outcome: "activated", activationsUsed: Number(row?.activationsUsed ?? 0), local: context.local } as const;
    });
  } catch (error) {
    if (error instanceof LimitReached) return full;
    throw error;
  }
}

const truncate = (value: string | null, length: number) => (value === null ? null : value.slice(0, length));

/** The conditional increment: true when a slot was free and is now taken. */
async function takeSlot(tx: SqlExecutor, licenseId: string): Promise<boolean> {
  const updated = await tx.run(
    `UPDATE "License" SET "activationsUsed" = "activationsUsed" + 1
     WHERE "id" = ? AND "revokedAt" IS NULL AND ("maxActivations" = 0 OR "activationsUsed" < "maxActivations")`,
    [licenseId],
  );
  return updated === 1;
}

/** Refreshes lastSeenAt at most once a minute; the condition keeps concurrent repeats to one write. */
async function touchActivation(sql: SqlExecutor, id: string, lastSeenAt: Date, now: Date) {
  if (now.getTime() - lastSeenAt.getTime() < LAST_SEEN_REFRESH_MS) return;
  await sql.run(`UPDATE "Activation" SET "lastSeenAt" = ? WHERE "id" = ? AND "lastSeenAt" < ?`, [
    now,
    id,
    new Date(now.getTime() - LAST_SEEN_REFRESH_MS),
  ]);
}
