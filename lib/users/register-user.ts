import type { Db } from "../db";
import { queueEmail } from "../email/outbox";
import { recordAuditEvent } from "../licenses/audit";
import { createUser, EmailTakenError } from "./create-user";
import { queueVerificationEmail } from "./email-verification";

export type RegisterResult = { outcome: "created"; userId: string } | { outcome: "email_taken" };

/**
 * Self-service sign-up: a CUSTOMER whose email is not yet verified, with a confirmation link
 * queued in the same transaction. Both outcomes cost the same work (createUser hashes before it
 * inserts; each renders and writes one email and one audit entry), and the caller must answer
 * them with the same words: a sign-up must not reveal that an address has an account. A taken
 * address gets an "account exists" email instead, so its owner learns of the attempt; the existing
 * account is left exactly as it was.
 */
export async function registerUser(db: Db, input: { email: string; password: string; name: string }): Promise<RegisterResult> {
  try {
    return await db.$transaction(async (tx) => {
      const user = await createUser(tx, { ...input, role: "CUSTOMER", emailVerifiedAt: null });
      await queueVerificationEmail(tx, user);
      await recordAuditEvent(tx, { actor: user.id, action: "user.signed_up", subject: `user:${user.id}` });
      return { outcome: "created" as const, userId: user.id };
    });
  } catch (error) {
    if (!(error instanceof EmailTakenError)) throw error;
    await db.$transaction(async (tx) => {
      const owner = await tx.user.findUnique({ where: { email: input.email }, select: { id: true } });
      await queueEmail(tx, { to: input.email, userId: owner?.id ?? null, content: { kind: "account_exists" } });
      await recordAuditEvent(tx, { actor: "anonymous", action: "user.sign_up_with_taken_email", subject: `email:${input.email}` });
    });
    return { outcome: "email_taken" };
  }
}
