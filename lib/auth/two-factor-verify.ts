// The second factor of an account with two-factor on: a code from its authenticator app or one of
// its recovery codes, each accepted once. The database decides "once": an app code moves the
// account's last accepted time step forward by a conditional update, a recovery code sets its
// usedAt by one, so two requests carrying the same code at the same moment cannot both pass.
import type { Db } from "../db";
import { getEnv } from "../env";
import { createRateLimiter, type RateLimiter } from "../http/rate-limit";
import { recordAuditEvent } from "../licenses/audit";
import { hashRecoveryCode, normaliseRecoveryCode } from "./two-factor-recovery-codes";
import { decryptTotpSecret, twoFactorKeySecret } from "./two-factor-secret";
import { matchTotpStep, normaliseTotpCode } from "./two-factor-totp";

/**
 * What checking a code needs: the key material of stored secrets, and a budget of code attempts
 * per account (an attacker who has the password must not try a million codes).
 */
export type TwoFactorDeps = { sessionSecret: string; limiter: RateLimiter };

let defaultLimiter: RateLimiter | undefined;
/** The store's own: SIGN_IN_MAX_ATTEMPTS wrong codes per SIGN_IN_WINDOW_SECONDS per account. */
export function twoFactorDeps(): TwoFactorDeps {
  const env = getEnv();
  defaultLimiter ??= createRateLimiter("two-factor", env.SIGN_IN_MAX_ATTEMPTS, env.SIGN_IN_WINDOW_SECONDS);
  return { sessionSecret: twoFactorKeySecret(), limiter: defaultLimiter };
}

export type SecondFactorResult =
  | { ok: true; method: "app" | "recovery_code"; recoveryCodesLeft?: number }
  | { ok: false; reason: "invalid" | "throttled"; retryAfterSeconds?: number };

/**
 * Checks `code` for `userId` and spends it: an app code of a time step later than the last one
 * this account used (±1 step of now), or an unused recovery code (audited, with how many are left).
 * Every check spends from the account's budget first; a right code gives the budget back.
 */
export async function checkSecondFactor(
  db: Db,
  input: { userId: string; code: string; actor?: string; now?: Date },
  deps: TwoFactorDeps,
): Promise<SecondFactorResult> {
  return withCodeBudget(input.userId, deps, () => spendSecondFactor(db, input, deps));
}

/**
 * Runs `check` (a code check, or a password and a code) once the account's budget allows it; a
 * check that passes gives the budget back, one that fails keeps its point spent.
 */
export async function withCodeBudget<Result extends { ok: boolean }>(
  userId: string,
  deps: TwoFactorDeps,
  check: () => Promise<Result>,
): Promise<Result | { ok: false; reason: "throttled"; retryAfterSeconds: number }> {
  const budget = await deps.limiter.consume(userId);
  if (!budget.allowed) return { ok: false, reason: "throttled", retryAfterSeconds: budget.resetSeconds };
  const result = await check();
  if (result.ok) await deps.limiter.reset(userId);
  return result;
}

/** checkSecondFactor without the budget: for a caller that spent it already (withCodeBudget). */
export function spendSecondFactor(
  db: Db,
  input: { userId: string; code: string; actor?: string; now?: Date },
  deps: Pick<TwoFactorDeps, "sessionSecret">,
): Promise<SecondFactorResult> {
  return normaliseTotpCode(input.code)
    ? spendAppCode(db, input, deps)
    : spendRecoveryCode(db, { ...input, actor: input.actor ?? input.userId, now: input.now ?? new Date() });
}

async function spendAppCode(db: Db, input: { userId: string; code: string; now?: Date }, deps: Pick<TwoFactorDeps, "sessionSecret">): Promise<SecondFactorResult> {
  const user = await db.user.findUnique({
    where: { id: input.userId },
    select: { twoFactorSecret: true, twoFactorEnabledAt: true, twoFactorLastStep: true },
  });
  if (!user?.twoFactorEnabledAt || !user.twoFactorSecret) return { ok: false, reason: "invalid" };
  const secret = decryptTotpSecret(user.twoFactorSecret, { userId: input.userId, sessionSecret: deps.sessionSecret });
  if (!secret) return { ok: false, reason: "invalid" };
  const step = matchTotpStep(secret, input.code, input.now ?? new Date(), user.twoFactorLastStep);
  if (step === null) return { ok: false, reason: "invalid" };
  // The step read above may be stale by now: this update is what decides.
  const { count } = await db.user.updateMany({
    where: {
      id: input.userId,
      twoFactorEnabledAt: { not: null },
      OR: [{ twoFactorLastStep: null }, { twoFactorLastStep: { lt: step } }],
    },
    data: { twoFactorLastStep: step },
  });
  return count === 1 ? { ok: true, method: "app" } : { ok: false, reason: "invalid" };
}

async function spendRecoveryCode(db: Db, input: { userId: string; code: string; actor: string; now: Date }): Promise<SecondFactorResult> {
  const normalised = normaliseRecoveryCode(input.code);
  if (!normalised) return { ok: false, reason: "invalid" };
  const codeHash = hashRecoveryCode(normalised);
  return db.$transaction(async (tx) => {
    const enabled = await tx.user.count({ where: { id: input.userId, twoFactorEnabledAt: { not: null } } });
    if (enabled !== 1) return { ok: false, reason: "invalid" } as const;
    const { count } = await tx.twoFactorRecoveryCode.updateMany({
      where: { userId: input.userId, codeHash, usedAt: null },
      data: { usedAt: input.now },
    });
    if (count !== 1) return { ok: false, reason: "invalid" } as const;
    const recoveryCodesLeft = await tx.twoFactorRecoveryCode.count({ where: { userId: input.userId, usedAt: null } });
    await recordAuditEvent(tx, {
      actor: input.actor,
      action: "user.two_factor_recovery_code_used",
      subject: `user:${input.userId}`,
      details: { recoveryCodesLeft },
    });
    return { ok: true, method: "recovery_code", recoveryCodesLeft } as const;
  });
}
