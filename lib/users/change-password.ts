import { hashPassword, verifyPassword } from "../auth/password";
import type { Db } from "../db";
import { queueEmail } from "../email/outbox";
import { recordAuditEvent } from "../licenses/audit";

export type ChangePasswordResult = { outcome: "changed" } | { outcome: "wrong_password" };

/**
 * A signed-in user's password change: only with the current password, and the new hash is written
 * only over the hash that was checked (a change made meanwhile is never overwritten; this one is
 * then refused as a wrong current password). The same update increments the session version, so
 * every existing session ends, the caller's included (it signs in again with the new password);
 * the "password changed" email and an audit entry are written in the same transaction.
 */
export async function changePassword(
  db: Db,
  input: { userId: string; currentPassword: string; newPassword: string },
): Promise<ChangePasswordResult> {
  const user = await db.user.findUnique({ where: { id: input.userId }, select: { email: true, passwordHash: true } });
  if (!user?.passwordHash || !(await verifyPassword(input.currentPassword, user.passwordHash))) return { outcome: "wrong_password" };
  const passwordHash = await hashPassword(input.newPassword);
  return db.$transaction(async (tx) => {
    const { count } = await tx.user.updateMany({
      where: { id: input.userId, passwordHash: user.passwordHash },
      data: { passwordHash, sessionVersion: { increment: 1 } },
    });
    if (count !== 1) return { outcome: "wrong_password" as const };
    await queueEmail(tx, { to: user.email, userId: input.userId, content: { kind: "password_changed", how: "changed" } });
    await recordAuditEvent(tx, { actor: input.userId, action: "user.password_changed", subject: `user:${input.userId}` });
    return { outcome: "changed" as const };
  });
}
