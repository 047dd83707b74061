import type { Db, User } from "../db";
import { recordAuditEvent } from "../licenses/audit";
import { createUser } from "./create-user";

/**
 * A new ADMIN account made by the operator (admin:create). Its email counts as verified: the
 * operator vouches for it. Throws EmailTakenError when the address already has an account; only
 * promoteToAdmin, asked for explicitly, may change an existing one.
 */
export async function createAdmin(db: Db, input: { email: string; password: string; name?: string; actor: string }): Promise<User> {
  return db.$transaction(async (tx) => {
    const user = await createUser(tx, { ...input, role: "ADMIN", emailVerifiedAt: new Date() });
    await recordAuditEvent(tx, { actor: input.actor, action: "user.admin_created", subject: `user:${user.id}` });
    return user;
  });
}
