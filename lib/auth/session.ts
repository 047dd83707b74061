// Guards used by layouts, pages, server actions and route handlers. Every one re-reads the user
// from the database, so a deleted or demoted account, or a session ended by a password change or
// "sign out everywhere" (its session version), loses access at once, whatever its JWT says.
import { getServerSession } from "next-auth";
import { forbidden, redirect } from "next/navigation";
import { cache } from "react";
import { db } from "../db";
import { ApiError } from "../http/api-error";
import type { SessionUser } from "./authenticate";
import { findSessionUser } from "./find-session-user";
import { getAuthOptions } from "./options";
import { adminAccess, TWO_FACTOR_REQUIRED_PATH, type AdminAccess } from "./two-factor-policy";

/** The signed-in user, or null. Cached for the duration of one request. */
export const getCurrentUser = cache(async (): Promise<SessionUser | null> => {
  const session = await getServerSession(getAuthOptions());
  if (!session?.user) return null;
  return findSessionUser(db, session.user);
});

/** Whether this request's user may use Admin (see two-factor-policy.ts). Cached per request. */
export const getAdminAccess = cache(async (): Promise<AdminAccess> => adminAccess(db, await getCurrentUser()));

/** The signed-in user; anyone else is sent to sign in and brought back to `returnTo`. */
export async function requireUser(returnTo = "/account"): Promise<SessionUser> {
  const user = await getCurrentUser();
  if (!user) redirect(`/sign-in?callbackUrl=${encodeURIComponent(returnTo)}`);
  return user;
}

/**
 * The signed-in admin; a signed-in customer gets 403, an anonymous visitor the sign-in page, and
 * an admin without two-factor, while the store requires it, the page that sets it up.
 */
export async function requireAdmin(returnTo = "/admin"): Promise<SessionUser> {
  const access = await getAdminAccess();
  switch (access.status) {
    case "signed_out":
      redirect(`/sign-in?callbackUrl=${encodeURIComponent(returnTo)}`);
    case "forbidden":
      forbidden();
    case "two_factor_required":
      redirect(TWO_FACTOR_REQUIRED_PATH);
    case "ok":
      return access.admin;
  }
}

/**
 * requireAdmin for route handlers, which answer JSON: the admin, or the refusal to send
 * (401, 403 FORBIDDEN, 403 TWO_FACTOR_REQUIRED). `doing` completes "Sign in as an admin to …".
 */
export async function authorizeAdminRoute(doing: string): Promise<{ ok: true; admin: SessionUser } | { ok: false; error: ApiError }> {
  const access = await getAdminAccess();
  switch (access.status) {
    case "signed_out":
      return { ok: false, error: new ApiError(401, "UNAUTHORIZED", `Sign in as an admin to ${doing}`) };
    case "forbidden":
      return { ok: false, error: new ApiError(403, "FORBIDDEN", `Only admins can ${doing}`) };
    case "two_factor_required":
      return {
        ok: false,
        error: new ApiError(403, "TWO_FACTOR_REQUIRED", `This store requires two-factor sign-in for admins: set it up in Account → Settings to ${doing}`),
      };
    case "ok":
      return { ok: true, admin: access.admin };
  }
}
