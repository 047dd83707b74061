// Turning two-factor sign-in on and off for one's own account (Account → Settings → Two-factor).
// On: a secret is stored (encrypted) and shown; only a right code from it turns two-factor on,
// and that same commit stores ten fresh recovery codes, whose plain text is returned once.
// Off, and new recovery codes: the password and a current code (or a recovery code) first.
import type { Db, DbClient } from "../db";
import { recordAuditEvent } from "../licenses/audit";
import { verifyPassword } from "./password";
import { endEverySession } from "./sign-out-everywhere";
import { newRecoveryCodes } from "./two-factor-recovery-codes";
import { decryptTotpSecret, encryptTotpSecret } from "./two-factor-secret";
import { matchTotpStep, newTotpSecret } from "./two-factor-totp";
import { spendSecondFactor, withCodeBudget, type TwoFactorDeps } from "./two-factor-verify";

export type TwoFactorStatus = { enabledAt: Date | null; pending: boolean; recoveryCodesLeft: number };

/** Whether two-factor is on, an enrolment waits for its code, and how many recovery codes are unused. */
export async function getTwoFactorStatus(db: Db, userId: string): Promise<TwoFactorStatus> {
  const [user, recoveryCodesLeft] = await Promise.all([
    db.user.findUnique({ where: { id: userId }, select: { twoFactorEnabledAt: true, twoFactorSecret: true } }),
    db.twoFactorRecoveryCode.count({ where: { userId, usedAt: null } }),
  ]);
  const enabledAt = user?.twoFactorEnabledAt ?? null;
  return { enabledAt, pending: !enabledAt && Boolean(user?.twoFactorSecret), recoveryCodesLeft: enabledAt ? recoveryCodesLeft : 0 };
}

/**
 * Starts (or starts over) an enrolment: a new secret replaces any pending one. Refused while
 * two-factor is on (turn it off first), by the condition of the update itself.
 */
export async function beginTwoFactorEnrolment(db: Db, input: { userId: string }, deps: Pick<TwoFactorDeps, "sessionSecret">) {
  const secret = encryptTotpSecret(newTotpSecret(), { userId: input.userId, sessionSecret: deps.sessionSecret });
  const { count } = await db.user.updateMany({
    where: { id: input.userId, twoFactorEnabledAt: null },
    data: { twoFactorSecret: secret, twoFactorLastStep: null },
  });
  return { outcome: count === 1 ? "started" : "already_enabled" } as const;
}

/** The pending enrolment's secret in plain text, to show as a QR code and as text; else null. */
export async function pendingTwoFactorSecret(db: Db, userId: string, deps: Pick<TwoFactorDeps, "sessionSecret">): Promise<string | null> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { twoFactorSecret: true, twoFactorEnabledAt: true } });
  if (!user?.twoFactorSecret || user.twoFactorEnabledAt) return null;
  return decryptTotpSecret(user.twoFactorSecret, { userId, sessionSecret: deps.sessionSecret });
}

export type ConfirmResult =
  | { ok: true; recoveryCodes: string[] }
  | { ok: false; reason: "invalid" | "throttled" | "no_enrolment"; retryAfterSeconds?: number };

/**
 * Turns two-factor on once a code of the pending secret is right. The update is conditional on
 * that very secret still pending, so a second tab that started over meanwhile cannot be confirmed
 * by a code of the first; the code's time step counts as used. The same commit ends every session
 * of the account, the caller's included: a session opened with a stolen password before would
 * otherwise outlive the second factor meant to stop it. The caller signs in again with a code.
 */
export async function confirmTwoFactorEnrolment(
  db: Db,
  input: { userId: string; code: string; now?: Date },
  deps: TwoFactorDeps,
): Promise<ConfirmResult> {
  return withCodeBudget(input.userId, deps, async (): Promise<ConfirmResult> => {
    const user = await db.user.findUnique({ where: { id: input.userId }, select: { twoFactorSecret: true, twoFactorEnabledAt: true } });
    if (!user?.twoFactorSecret || user.twoFactorEnabledAt) return { ok: false, reason: "no_enrolment" };
    const secret = decryptTotpSecret(user.twoFactorSecret, { userId: input.userId, sessionSecret: deps.sessionSecret });
    const step = secret ? matchTotpStep(secret, input.code, input.now ?? new Date()) : null;
    if (step === null) return { ok: false, reason: "invalid" };
    const { codes, hashes } = newRecoveryCodes();
    return db.$transaction(async (tx) => {
      const { count } = await tx.user.updateMany({
        where: { id: input.userId, twoFactorEnabledAt: null, twoFactorSecret: user.twoFactorSecret },
        data: { twoFactorEnabledAt: input.now ?? new Date(), twoFactorLastStep: step },
      });
      if (count !== 1) return { ok: false, reason: "no_enrolment" } as const;
      await replaceRecoveryCodes(tx, input.userId, hashes);
      await recordAuditEvent(tx, { actor: input.userId, action: "user.two_factor_enabled", subject: `user:${input.userId}` });
      await endEverySession(tx, { userId: input.userId, actor: input.userId });
      return { ok: true, recoveryCodes: codes } as const;
    });
  });
}

export type ProvenChangeResult<Extra> =
  | ({ ok: true } & Extra)
  | { ok: false; reason: "wrong_password" | "invalid_code" | "not_enabled" | "throttled"; retryAfterSeconds?: number };

/** The password, then a code: both from one budget, so neither can be guessed through this door. */
async function proveOwner(db: Db, input: { userId: string; password: string; code: string }, deps: TwoFactorDeps) {
  return withCodeBudget(input.userId, deps, async () => {
    const user = await db.user.findUnique({ where: { id: input.userId }, select: { passwordHash: true, twoFactorEnabledAt: true } });
    if (!user?.twoFactorEnabledAt) return { ok: false, reason: "not_enabled" } as const;
    if (!user.passwordHash || !(await verifyPassword(input.password, user.passwordHash))) return { ok: false, reason: "wrong_password" } as const;
    const factor = await spendSecondFactor(db, input, deps);
    return factor.ok ? ({ ok: true } as const) : ({ ok: false, reason: "invalid_code" } as const);
  });
}

/** Turns two-factor off: the secret and every recovery code are deleted, with an audit entry. */
export async function disableTwoFactor(
  db: Db,
  input: { userId: string; password: string; code: string },
  deps: TwoFactorDeps,
): Promise<ProvenChangeResult<object>> {
  const proof = await proveOwner(db, input, deps);
  if (!proof.ok) return proof;
  const cleared = await clearTwoFactor(db, { userId: input.userId, actor: input.userId, action: "user.two_factor_disabled" });
  return cleared ? { ok: true } : { ok: false, reason: "not_enabled" };
}

/** Ten new recovery codes replace the old ones (used or not); their plain text is returned once. */
export async function regenerateRecoveryCodes(
  db: Db,
  input: { userId: string; password: string; code: string },
  deps: TwoFactorDeps,
): Promise<ProvenChangeResult<{ recoveryCodes: string[] }>> {
  const proof = await proveOwner(db, input, deps);
  if (!proof.ok) return proof;
  const { codes, hashes } = newRecoveryCodes();
  return db.$transaction(async (tx) => {
    if ((await tx.user.count({ where: { id: input.userId, twoFactorEnabledAt: { not: null } } })) !== 1) return { ok: false, reason: "not_enabled" } as const;
    await replaceRecoveryCodes(tx, input.userId, hashes);
    await recordAuditEvent(tx, { actor: input.userId, action: "user.two_factor_recovery_codes_regenerated", subject: `user:${input.userId}` });
    return { ok: true, recoveryCodes: codes } as const;
  });
}

async function replaceRecoveryCodes(tx: DbClient, userId: string, hashes: string[]) {
  await tx.twoFactorRecoveryCode.deleteMany({ where: { userId } });
  await tx.twoFactorRecoveryCode.createMany({ data: hashes.map((codeHash) => ({ userId, codeHash })) });
}

/** Two-factor off (secret, last step, recovery codes) in one commit, audited. False when it was not on. */
async function clearTwoFactor(db: Db, input: { userId: string; actor: string; action: string }): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const { count } = await tx.user.updateMany({
      where: { id: input.userId, twoFactorEnabledAt: { not: null } },
      data: { twoFactorSecret: null, twoFactorEnabledAt: null, twoFactorLastStep: null },
    });
    if (count !== 1) return false;
    await tx.twoFactorRecoveryCode.deleteMany({ where: { userId: input.userId } });
    await recordAuditEvent(tx, { actor: input.actor, action: input.action, subject: `user:${input.userId}` });
    return true;
  });
}

/**
 * The operator's way back in (`admin:create --reset-2fa`): two-factor off for the account, whatever
 * its state (a pending enrolment too), every recovery code deleted and every session of it ended,
 * in one commit with its audit entries. Null when there is no such account.
 */
export async function resetTwoFactor(
  db: Db,
  input: { email: string; actor: string },
): Promise<{ userId: string; wasEnabled: boolean; recoveryCodesDeleted: number } | null> {
  return db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { email: input.email }, select: { id: true, twoFactorEnabledAt: true } });
    if (!user) return null;
    await tx.user.update({ where: { id: user.id }, data: { twoFactorSecret: null, twoFactorEnabledAt: null, twoFactorLastStep: null } });
    const { count: recoveryCodesDeleted } = await tx.twoFactorRecoveryCode.deleteMany({ where: { userId: user.id } });
    await endEverySession(tx, { userId: user.id, actor: input.actor });
    const wasEnabled = user.twoFactorEnabledAt !== null;
    await recordAuditEvent(tx, { actor: input.actor, action: "user.two_factor_reset", subject: `user:${user.id}`, details: { wasEnabled, recoveryCodesDeleted } });
    return { userId: user.id, wasEnabled, recoveryCodesDeleted };
  });
}
