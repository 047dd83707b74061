import { db, type Db, type DbClient } from "../db";
import { getEnv } from "../env";
import { logger } from "../observability/logger";
import { signInSchema } from "../users/schemas";
import { isTrustedDevice, issueDeviceToken } from "./device-token";
import { hashPassword, needsRehash, verifyPassword } from "./password";
import type { SignInRefusal } from "./sign-in-errors";
import { createSignInThrottle, type SignInThrottle } from "./sign-in-throttle";
import { checkSecondFactor, twoFactorDeps, type TwoFactorDeps } from "./two-factor-verify";

export type SessionUser = {
  id: string;
  email: string;
  name: string | null;
  role: "CUSTOMER" | "ADMIN";
  /** Two-factor sign-in is on for the account (the admin gate reads it: two-factor-policy.ts). */
  twoFactor: boolean;
};
/** What a sign-in hands next-auth: the user plus the session version its token will carry. */
export type AuthorizedUser = SessionUser & { sessionVersion: number };

export type AuthenticateResult =
  | { ok: true; user: AuthorizedUser; /** Set it as the device cookie (when a secret is configured). */ deviceToken?: string }
  | { ok: false; reason: SignInRefusal; retryAfterSeconds?: number };

/** Who is signing in from where: the client IP and the device cookie the browser sent, if any. */
export type SignInContext = { clientIp: string; deviceToken?: string | null };

export type AuthenticateDeps = {
  db: Db;
  throttle: SignInThrottle;
  deviceSecret?: string;
  /** For accounts with two-factor on (a lazy default: accounts without it never need the key). */
  twoFactor?: () => TwoFactorDeps;
};

// Spent on unknown emails too, so response time does not reveal which addresses have accounts.
const DUMMY_HASH = "scrypt$16384$8$5$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

let defaultThrottle: SignInThrottle | undefined;
function defaults(): AuthenticateDeps {
  const env = getEnv();
  defaultThrottle ??= createSignInThrottle({ maxAttempts: env.SIGN_IN_MAX_ATTEMPTS, windowSeconds: env.SIGN_IN_WINDOW_SECONDS });
  return { db, throttle: defaultThrottle, deviceSecret: env.NEXTAUTH_SECRET, twoFactor: twoFactorDeps };
}

/**
 * Checks an email and password. The attempt is counted before the password is checked (see
 * sign-in-throttle.ts) and given back on success, so parallel requests cannot exceed the budget.
 * A throttled attempt never reaches scrypt. Never says whether the email exists: unknown emails
 * cost the same scrypt work and get the same answer as a wrong password.
 *
 * An account with two-factor on also needs `code` (an app code or a recovery code, each accepted
 * once: two-factor-verify.ts), asked for only after the right password, so nobody learns whether
 * two-factor is on without it. Until the code is right nothing is given back: a missing or wrong
 * code keeps the attempt counted, and wrong codes also spend the account's own code budget.
 */
export async function authenticate(raw: unknown, context: SignInContext, deps: AuthenticateDeps = defaults()): Promise<AuthenticateResult> {
  const parsed = signInSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, reason: "invalid" };
  const { email, password, code } = parsed.data;

  const trustedDevice = deps.deviceSecret ? isTrustedDevice(context.deviceToken, email, deps.deviceSecret) : false;
  const permit = await deps.throttle.begin({ email, ip: context.clientIp, trustedDevice });
  if (!permit.allowed) return { ok: false, reason: "throttled", retryAfterSeconds: permit.retryAfterSeconds };

  const user = await deps.db.user.findUnique({ where: { email } });
  const valid = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
  if (!user || !valid) return { ok: false, reason: "invalid" };

  if (user.twoFactorEnabledAt) {
    if (!code) return { ok: false, reason: "code_required" };
    const factor = await checkSecondFactor(deps.db, { userId: user.id, code }, (deps.twoFactor ?? twoFactorDeps)());
    if (!factor.ok) {
      return factor.reason === "throttled"
        ? { ok: false, reason: "throttled", retryAfterSeconds: factor.retryAfterSeconds }
        : { ok: false, reason: "code_invalid" };
    }
  }

  await permit.succeeded();
  await upgradePasswordHash(deps.db, user, password);
  return {
    ok: true,
    user: {
      id: user.id,
      email: user.email,
      name: user.name,
      role: user.role === "ADMIN" ? "ADMIN" : "CUSTOMER",
      twoFactor: user.twoFactorEnabledAt !== null,
      sessionVersion: user.sessionVersion,
    },
    deviceToken: deps.deviceSecret ? issueDeviceToken(email, deps.deviceSecret) : undefined,
  };
}

/**
 * After a successful sign-in, re-hashes a password stored with older scrypt parameters (e.g.
 * N=2^17, which needs 128 MiB per check) with today's, so each account pays the old cost once.
 * Conditional on the hash being unchanged, so a password changed meanwhile is never overwritten.
 * A failure here is logged and does not fail the sign-in.
 */
export async function upgradePasswordHash(database: DbClient, user: { id: string; passwordHash: string | null }, password: string): Promise<boolean> {
  if (!user.passwordHash || !needsRehash(user.passwordHash)) return false;
  try {
    const passwordHash = await hashPassword(password);
    const { count } = await database.user.updateMany({ where: { id: user.id, passwordHash: user.passwordHash }, data: { passwordHash } });
    return count === 1;
  } catch (error) {
    logger.child({ component: "sign-in" }).error({ err: error, userId: user.id }, "could not upgrade a password hash");
    return false;
  }
}
