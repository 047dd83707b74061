import { hashPassword } from "../auth/password";
import { useUserToken, type TokenRefusal } from "../auth/user-tokens";
import type { Db } from "../db";
import { queueEmail } from "../email/outbox";
import { recordAuditEvent } from "../licenses/audit";

export type ResetPasswordResult = { outcome: "reset" } | { outcome: "refused"; reason: TokenRefusal };

/**
 * Sets a new password with a reset link, all in one transaction: the token is spent (it works
 * once), the hash replaced, the session version incremented (every session of the account ends
 * at its next request; nobody is signed in by this), the address marked verified when it still is
 * the one the link was mailed to (the link proved that inbox: this is how the real owner of an
 * address takes back an account someone else registered with it), the "password changed" email
 * queued and the change audited. An expired, used or unknown token changes nothing.
 */
export async function resetPassword(db: Db, input: { token: string; newPassword: string; now?: Date }): Promise<ResetPasswordResult> {
  const now = input.now ?? new Date();
  // scrypt before the transaction: a write transaction must not wait on 50 ms of CPU.
  const passwordHash = await hashPassword(input.newPassword);
  return db.$transaction(async (tx) => {
    const used = await useUserToken(tx, { token: input.token, purpose: "password_reset", now });
    if (!used.ok) return { outcome: "refused" as const, reason: used.reason };
    const user = await tx.user.findUniqueOrThrow({ where: { id: used.token.userId }, select: { id: true, email: true, emailVerifiedAt: true } });
    const proven = user.email === used.token.email;
    await tx.user.update({
      where: { id: user.id },
      data: {
        passwordHash,
        sessionVersion: { increment: 1 },
        ...(proven && !user.emailVerifiedAt ? { emailVerifiedAt: now } : {}),
      },
    });
    // Any other reset link still in a mailbox is worthless now.
    await tx.userToken.updateMany({ where: { userId: user.id, purpose: "password_reset", usedAt: null }, data: { usedAt: now } });
    await queueEmail(tx, { to: user.email, userId: user.id, content: { kind: "password_changed", how: "reset" } }, now);
    await recordAuditEvent(tx, {
      actor: user.id,
      action: "user.password_reset",
      subject: `user:${user.id}`,
      details: { sessionsEnded: true, emailVerified: proven && !user.emailVerifiedAt },
    });
    return { outcome: "reset" as const };
  });
}
