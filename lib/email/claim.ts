// Claiming due messages: each sender takes a batch for itself with a lease, so several instances
// never send the same message at once. A claim whose lease ran out (its instance crashed) is due
// again, which is the one way a message can go out twice (sent, then the crash before marking it).
import { Prisma, providerOf, type Db, type EmailMessage } from "../db";

export type ClaimedMessage = Pick<EmailMessage, "id" | "recipient" | "subject" | "html" | "text" | "attempts" | "expiresAt" | "sensitive">;

const claimedFields = { id: true, recipient: true, subject: true, html: true, text: true, attempts: true, expiresAt: true, sensitive: true } as const;

/** Due: pending and its time has come, or claimed by someone whose lease has run out. */
const dueWhere = (now: Date): Prisma.EmailMessageWhereInput => ({
  OR: [
    { status: "pending", nextAttemptAt: { lte: now } },
    { status: "sending", claimExpiresAt: { lt: now } },
  ],
});

/** Whether anything is due: a cheap indexed read, so an idle store's senders never write. */
export async function hasDueMessages(db: Db, now: Date): Promise<boolean> {
  return (await db.emailMessage.findFirst({ where: dueWhere(now), select: { id: true } })) !== null;
}

/**
 * Claims up to `limit` due messages for `instanceId` until `leaseUntil`, counting the attempt.
 * PostgreSQL: one UPDATE over `FOR UPDATE SKIP LOCKED` rows, so concurrent senders take disjoint
 * batches without waiting for each other. SQLite: a transaction, which holds the write turn (and
 * SQLite's write lock against other processes) from the read to the update.
 */
export async function claimDueMessages(
  db: Db,
  input: { instanceId: string; now: Date; leaseUntil: Date; limit: number },
): Promise<ClaimedMessage[]> {
  const { instanceId, now, leaseUntil, limit } = input;
  if (providerOf(db) === "postgresql") {
    const rows = await db.$queryRaw<{ id: string }[]>(Prisma.sql`
      UPDATE "EmailMessage"
      SET "status" = 'sending', "claimedBy" = ${instanceId}, "claimExpiresAt" = ${leaseUntil},
          "attempts" = "attempts" + 1, "updatedAt" = ${now}
      WHERE "id" IN (
        SELECT "id" FROM "EmailMessage"
        WHERE ("status" = 'pending' AND "nextAttemptAt" <= ${now}) OR ("status" = 'sending' AND "claimExpiresAt" < ${now})
        ORDER BY "nextAttemptAt", "id"
        LIMIT ${limit}
        FOR UPDATE SKIP LOCKED
      )
      RETURNING "id"`);
    if (rows.length === 0) return [];
    return db.emailMessage.findMany({ where: { id: { in: rows.map((row) => row.id) }, claimedBy: instanceId }, select: claimedFields });
  }
  return db.$transaction(async (tx) => {
    const due = await tx.emailMessage.findMany({ where: dueWhere(now), orderBy: [{ nextAttemptAt: "asc" }, { id: "asc" }], take: limit, select: { id: true } });
    if (due.length === 0) return [];
    const ids = due.map((row) => row.id);
    await tx.emailMessage.updateMany({
      where: { id: { in: ids } },
      data: { status: "sending", claimedBy: instanceId, claimExpiresAt: leaseUntil, attempts: { increment: 1 } },
    });
    return tx.emailMessage.findMany({ where: { id: { in: ids } }, select: claimedFields });
  });
}

/** Gives back what `instanceId` claimed and has not finished (a graceful shutdown): due at once, attempt uncounted. */
export async function releaseClaims(db: Db, instanceId: string): Promise<number> {
  const { count } = await db.emailMessage.updateMany({
    where: { claimedBy: instanceId, status: "sending" },
    data: { status: "pending", claimedBy: null, claimExpiresAt: null, attempts: { decrement: 1 } },
  });
  return count;
}
