// Guards used by layouts, pages, server actions and route handlers. Every one re-reads the user
// from the database, so a deleted or demoted account, or a session ended by a password change or
// "sign out everywhere" (its session version), loses access at once, whatever its JWT says.
import { getServerSession } from "next-auth";
import { forbidden, redirect } from "next/navigation";
import { cache } from "react";
import { db } from "../db";
import type { SessionUser } from "./authenticate";
import { findSessionUser } from "./find-session-user";
import { getAuthOptions } from "./options";

/** The signed-in user, or null. Cached for the duration of one request. */
export const getCurrentUser = cache(async (): Promise<SessionUser | null> => {
  const session = await getServerSession(getAuthOptions());
  if (!session?.user) return null;
  return findSessionUser(db, session.user);
});

/** The signed-in user; anyone else is sent to sign in and brought back to `returnTo`. */
export async function requireUser(returnTo = "/account"): Promise<SessionUser> {
  const user = await getCurrentUser();
  if (!user) redirect(`/sign-in?callbackUrl=${encodeURIComponent(returnTo)}`);
  return user;
}

/** The signed-in admin; a signed-in customer gets 403, an anonymous visitor the sign-in page. */
export async function requireAdmin(returnTo = "/admin"): Promise<SessionUser> {
  const user = await requireUser(returnTo);
  if (user.role !== "ADMIN") forbidden();
  return user;
}
