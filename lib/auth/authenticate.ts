import { db, type DbClient } from "../db";
import { createRateLimiter, type RateLimiter } from "../http/rate-limit";
import { getEnv } from "../env";
import { signInSchema } from "../users/schemas";
import { hashPassword, needsRehash, verifyPassword } from "./password";

export type SessionUser = { id: string; email: string; name: string | null; role: "CUSTOMER" | "ADMIN" };

export type AuthenticateResult =
  | { ok: true; user: SessionUser }
  | { ok: false; reason: "invalid" | "throttled"; retryAfterSeconds?: number };

// Spent on unknown emails too, so response time does not reveal which addresses have accounts.
const DUMMY_HASH = "scrypt$16384$8$5$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

let limiter: RateLimiter | undefined;
function signInLimiter(): RateLimiter {
  const env = getEnv();
  limiter ??= createRateLimiter("sign-in", env.SIGN_IN_MAX_ATTEMPTS, env.SIGN_IN_WINDOW_SECONDS);
  return limiter;
}

/**
 * Checks an email and password. Failed attempts are throttled per email and per client IP;
 * a success clears the email's counter. Never says whether the email exists.
 */
export async function authenticate(raw: unknown, clientIp: string): Promise<AuthenticateResult> {
  const parsed = signInSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, reason: "invalid" };
  const { email, password } = parsed.data;

  const limits = signInLimiter();
  for (const decision of await Promise.all([limits.peek(`email:${email}`), limits.peek(`ip:${clientIp}`)])) {
    if (!decision.allowed) return { ok: false, reason: "throttled", retryAfterSeconds: decision.resetSeconds };
  }

  const user = await db.user.findUnique({ where: { email } });
  const valid = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
  if (!user || !valid) {
    await Promise.all([limits.consume(`email:${email}`), limits.consume(`ip:${clientIp}`)]);
    return { ok: false, reason: "invalid" };
  }
  await limits.reset(`email:${email}`);
  await upgradePasswordHash(db, user, password);
  return { ok: true, user: { id: user.id, email: user.email, name: user.name, role: user.role === "ADMIN" ? "ADMIN" : "CUSTOMER" } };
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
    console.error("sign-in: could not upgrade a password hash:", error instanceof Error ? error.message : error);
    return false;
  }
}
