import type { DbClient } from "../db";

/**
 * What Account → Overview and Settings show of the signed-in user beyond the session: the name
 * and whether the address is confirmed (read fresh, so a confirmation shows at once).
 */
export async function getAccountProfile(db: DbClient, userId: string) {
  const user = await db.user.findUnique({ where: { id: userId }, select: { email: true, name: true, emailVerifiedAt: true } });
  return user ? { email: user.email, name: user.name, verified: user.emailVerifiedAt !== null } : null;
}
