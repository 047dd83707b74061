// Proving that an account's address is its holder's: a 24-hour link mailed at sign-up (and again
// on request). Until it is followed, keys the owner issued to that address stay hidden from the
// account (lib/licenses/queries.ts, visibleToCustomer): whoever registers someone else's address
// must not see the keys sent to it.
import { createUserToken, useUserToken, type TokenRefusal } from "../auth/user-tokens";
import type { Db, DbClient } from "../db";
import { queueEmail } from "../email/outbox";
import { getEnv } from "../env";
import { createRateLimiter, type RateLimiter } from "../http/rate-limit";
import { recordAuditEvent } from "../licenses/audit";

export const VERIFY_EMAIL_TTL_MS = 24 * 60 * 60 * 1000;

export const verifyEmailUrl = (token: string): string => `${getEnv().publicUrl}/verify-email?token=${token}`;

/** Writes a confirmation link for the account's current address and queues its email, in `tx`. */
export async function queueVerificationEmail(tx: DbClient, user: { id: string; email: string }, now = new Date()): Promise<void> {
  const { token, expiresAt } = await createUserToken(tx, { userId: user.id, purpose: "verify_email", email: user.email, ttlMs: VERIFY_EMAIL_TTL_MS, now });
  await queueEmail(
    tx,
    {
      to: user.email,
      userId: user.id,
      content: { kind: "verify_email", verifyUrl: verifyEmailUrl(token), expiresInHours: VERIFY_EMAIL_TTL_MS / 3_600_000 },
      sensitive: true,
      expiresAt,
    },
    now,
  );
}

export type ConfirmEmailResult = { outcome: "confirmed" | "already_confirmed" } | { outcome: "refused"; reason: TokenRefusal | "address_changed" };

/**
 * Follows a confirmation link (a POST from the page the link opens, so a mail scanner fetching
 * the link confirms nothing). The token is spent and the address marked verified in one
 * transaction, only while the account's address is still the one the link was sent to.
 */
export async function confirmEmail(db: Db, input: { token: string; now?: Date }): Promise<ConfirmEmailResult> {
  const now = input.now ?? new Date();
  return db.$transaction(async (tx) => {
    const used = await useUserToken(tx, { token: input.token, purpose: "verify_email", now });
    if (!used.ok) return { outcome: "refused" as const, reason: used.reason };
    const user = await tx.user.findUniqueOrThrow({ where: { id: used.token.userId }, select: { id: true, email: true, emailVerifiedAt: true } });
    if (user.email !== used.token.email) return { outcome: "refused" as const, reason: "address_changed" as const };
    if (user.emailVerifiedAt) return { outcome: "already_confirmed" as const };
    await tx.user.update({ where: { id: user.id }, data: { emailVerifiedAt: now } });
    await recordAuditEvent(tx, { actor: user.id, action: "user.email_verified", subject: `user:${user.id}`, details: { email: user.email } });
    return { outcome: "confirmed" as const };
  });
}

/** Three links an hour per account: enough for a lost email, too few to flood an inbox. */
export const RESEND_PER_HOUR = 3;
let defaultResendLimiter: RateLimiter | undefined;
const resendLimiter = () => (defaultResendLimiter ??= createRateLimiter("verify-email-resend", RESEND_PER_HOUR, 60 * 60));

export type ResendResult = { outcome: "sent" | "already_verified" | "throttled" };

/** "Resend the link": a new confirmation email for an unverified account, rate-limited per account. */
export async function resendVerificationEmail(db: Db, input: { userId: string; now?: Date }, limiter: RateLimiter = resendLimiter()): Promise<ResendResult> {
  const user = await db.user.findUnique({ where: { id: input.userId }, select: { id: true, email: true, emailVerifiedAt: true } });
  if (!user || user.emailVerifiedAt) return { outcome: "already_verified" };
  if (!(await limiter.consume(user.id)).allowed) return { outcome: "throttled" };
  await db.$transaction((tx) => queueVerificationEmail(tx, user, input.now));
  return { outcome: "sent" };
}
