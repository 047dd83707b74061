import type { Db } from "../db";
import { recordAuditEvent } from "../licenses/audit";
import { createUser, EmailTakenError } from "./create-user";

export type RegisterResult = { outcome: "created"; userId: string } | { outcome: "email_taken" };

/**
 * Self-service sign-up: a CUSTOMER whose email is not yet verified. Both outcomes cost the same
 * scrypt work (createUser hashes before it inserts) and one audit write, and the caller must
 * answer them with the same words: a sign-up must not reveal that an address has an account.
 * The existing account is left exactly as it was.
 */
export async function registerUser(db: Db, input: { email: string; password: string; name: string }): Promise<RegisterResult> {
  try {
    return await db.$transaction(async (tx) => {
      const user = await createUser(tx, { ...input, role: "CUSTOMER", emailVerifiedAt: null });
      await recordAuditEvent(tx, { actor: user.id, action: "user.signed_up", subject: `user:${user.id}` });
      return { outcome: "created" as const, userId: user.id };
    });
  } catch (error) {
    if (!(error instanceof EmailTakenError)) throw error;
    // Kept for the owner's sake: email verification (a later release) will tell them about it.
    await recordAuditEvent(db, { actor: "anonymous", action: "user.sign_up_with_taken_email", subject: `email:${input.email}` });
    return { outcome: "email_taken" };
  }
}
