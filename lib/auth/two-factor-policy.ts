// The store setting "Require two-factor sign-in for admins" (off by default) and the one decision
// every admin guard makes with it: requireAdmin (pages, server actions), the admin layout and the
// admin route handlers all ask adminAccess(), so no admin door can forget the rule.
import type { DbClient } from "../db";
import type { SessionUser } from "./authenticate";

const ADMINS_REQUIRE_KEY = "admins_require_two_factor";

/**
 * Read on every admin request, not cached: a security setting must hold on every instance the
 * moment it is saved, and admin pages are few (one primary-key read each).
 */
export async function adminsMustUseTwoFactor(db: DbClient): Promise<boolean> {
  const row = await db.setting.findUnique({ where: { key: ADMINS_REQUIRE_KEY } });
  return row?.value === "true";
}

export async function setAdminsMustUseTwoFactor(db: DbClient, enabled: boolean): Promise<void> {
  const value = String(enabled);
  await db.setting.upsert({ where: { key: ADMINS_REQUIRE_KEY }, update: { value }, create: { key: ADMINS_REQUIRE_KEY, value } });
}

export type AdminAccess =
  | { status: "signed_out" }
  | { status: "forbidden"; user: SessionUser }
  /** An admin without two-factor while the store requires it: only its set-up page is open. */
  | { status: "two_factor_required"; user: SessionUser }
  | { status: "ok"; admin: SessionUser };

/** Whether `user` (the session's, re-read from the database) may use Admin now. */
export async function adminAccess(db: DbClient, user: SessionUser | null): Promise<AdminAccess> {
  if (!user) return { status: "signed_out" };
  if (user.role !== "ADMIN") return { status: "forbidden", user };
  if (!user.twoFactor && (await adminsMustUseTwoFactor(db))) return { status: "two_factor_required", user };
  return { status: "ok", admin: user };
}

/** Where an admin who must set two-factor up is sent (Account → Settings → Two-factor sign-in). */
export const TWO_FACTOR_SETUP_PATH = "/account/settings/two-factor";
export const TWO_FACTOR_REQUIRED_PATH = `${TWO_FACTOR_SETUP_PATH}?required=admin`;
