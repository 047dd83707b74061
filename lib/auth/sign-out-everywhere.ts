import type { Db, DbClient } from "../db";
import { recordAuditEvent } from "../licenses/audit";

/**
 * Ends every session of a user, the caller's own included: the session version is incremented in
 * the database (an atomic increment, so two bumps at once never cancel out), and every token that
 * carries the old version is refused at its next request. Recorded in the audit log in the same
 * transaction. False when the user does not exist.
 */
export async function signOutEverywhere(db: Db, input: { userId: string; actor: string }): Promise<boolean> {
  return db.$transaction((tx) => endEverySession(tx, input));
}

/** signOutEverywhere inside the caller's transaction (e.g. with the change that requires it). */
export async function endEverySession(tx: DbClient, input: { userId: string; actor: string }): Promise<boolean> {
  const { count } = await tx.user.updateMany({ where: { id: input.userId }, data: { sessionVersion: { increment: 1 } } });
  if (count !== 1) return false;
  await recordAuditEvent(tx, { actor: input.actor, action: "user.signed_out_everywhere", subject: `user:${input.userId}` });
  return true;
}
