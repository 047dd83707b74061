import type { DbClient } from "../db";
import type { SessionUser } from "./authenticate";

/** What a session token claims: whose it is, and the user's session version when it was issued. */
export type SessionClaims = { id?: string | null; sessionVersion?: number | null };

/**
 * The user a session belongs to, re-read from the database, or null when the session no longer
 * counts: the account is gone, or its session version moved on since the token was issued (a
 * password change, a role change, "sign out everywhere"). A token without a version predates the
 * check and is refused too, so no session outlives the upgrade that introduced it unchecked.
 */
export async function findSessionUser(db: DbClient, claims: SessionClaims): Promise<SessionUser | null> {
  if (!claims.id || typeof claims.sessionVersion !== "number") return null;
  const user = await db.user.findUnique({
    where: { id: claims.id },
    select: { id: true, email: true, name: true, role: true, sessionVersion: true, twoFactorEnabledAt: true },
  });
  if (!user || user.sessionVersion !== claims.sessionVersion) return null;
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role === "ADMIN" ? "ADMIN" : "CUSTOMER",
    twoFactor: user.twoFactorEnabledAt !== null,
  };
}
