import { renderEmail } from "../../emails";
import { createUserToken, newUserToken } from "../auth/user-tokens";
import type { Db } from "../db";
import { emailContext, queueEmail } from "../email/outbox";
import { getEnv } from "../env";
import { recordAuditEvent } from "../licenses/audit";

/** A reset link works for one hour (OWASP: short-lived). */
export const PASSWORD_RESET_TTL_MS = 60 * 60 * 1000;

export const resetPasswordUrl = (token: string): string => `${getEnv().publicUrl}/reset-password?token=${token}`;

/**
 * "Forgot password?": for an address with an account, a one-hour reset link is written and its
 * email queued in one transaction, and the account's older unused reset links stop working (only
 * the newest one mailed counts). For an unknown address nothing is written, but the same work is
 * done (a token made and hashed, the same email rendered), so neither the answer (the caller gives
 * one for both) nor the time taken says whether the address has an account. Returns nothing the
 * caller could leak.
 */
export async function requestPasswordReset(db: Db, input: { email: string; now?: Date }): Promise<void> {
  const now = input.now ?? new Date();
  const user = await db.user.findUnique({ where: { email: input.email }, select: { id: true, email: true } });
  if (!user) {
    const { token } = newUserToken();
    await renderEmail({ kind: "password_reset", resetUrl: resetPasswordUrl(token), expiresInMinutes: PASSWORD_RESET_TTL_MS / 60_000 }, emailContext());
    return;
  }
  await db.$transaction(async (tx) => {
    await tx.userToken.updateMany({ where: { userId: user.id, purpose: "password_reset", usedAt: null }, data: { usedAt: now } });
    const { token, expiresAt } = await createUserToken(tx, { userId: user.id, purpose: "password_reset", email: user.email, ttlMs: PASSWORD_RESET_TTL_MS, now });
    await queueEmail(
      tx,
      {
        to: user.email,
        userId: user.id,
        content: { kind: "password_reset", resetUrl: resetPasswordUrl(token), expiresInMinutes: PASSWORD_RESET_TTL_MS / 60_000 },
        sensitive: true,
        expiresAt,
      },
      now,
    );
    await recordAuditEvent(tx, { actor: "anonymous", action: "user.password_reset_requested", subject: `user:${user.id}` });
  });
}
