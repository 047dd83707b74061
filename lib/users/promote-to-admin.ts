import { hashPassword } from "../auth/password";
import type { Db } from "../db";
import { recordAuditEvent } from "../licenses/audit";

export type PromoteResult = { outcome: "promoted" | "already_admin"; userId: string } | { outcome: "not_found" };

/**
 * Makes an existing account an admin, for the operator who asked for it explicitly
 * (admin:create --promote): role ADMIN, the operator's password replaces the old one, the email
 * counts as verified, and the session version is incremented in the same update, so every session
 * opened before (possibly by whoever registered the address first) ends at its next request.
 * An account that is already an admin gets the same treatment (a password reset by the operator).
 */
export async function promoteToAdmin(db: Db, input: { email: string; password: string; actor: string }): Promise<PromoteResult> {
  const passwordHash = await hashPassword(input.password);
  return db.$transaction(async (tx) => {
    const before = await tx.user.findUnique({ where: { email: input.email }, select: { id: true, role: true, emailVerifiedAt: true } });
    if (!before) return { outcome: "not_found" };
    await tx.user.update({
      where: { id: before.id },
      data: {
        role: "ADMIN",
        passwordHash,
        emailVerifiedAt: before.emailVerifiedAt ?? new Date(),
        sessionVersion: { increment: 1 },
      },
    });
    await recordAuditEvent(tx, {
      actor: input.actor,
      action: "user.promoted_to_admin",
      subject: `user:${before.id}`,
      details: { previousRole: before.role, passwordReplaced: true, sessionsEnded: true },
    });
    return { outcome: before.role === "ADMIN" ? "already_admin" : "promoted", userId: before.id };
  });
}
