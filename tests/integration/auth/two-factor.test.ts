// Two-factor sign-in on real databases (SQLite and PostgreSQL): turning it on takes a right code
// of the secret shown and stores ten hashed recovery codes; an app code is accepted once, even
// when the same code arrives many times at the same moment (the last step is moved by a
// conditional update); a recovery code works once, also under concurrency; wrong codes spend the
// account's budget; turning off and new codes need the password and a code; the operator's reset
// ends every session; the admin setting is refused to an admin without two-factor.
import { expect, it } from "vitest";
import { updateAdminsRequireTwoFactor } from "../../../lib/admin/update-store-settings";
import { authenticate, type AuthenticateDeps } from "../../../lib/auth/authenticate";
import { findSessionUser } from "../../../lib/auth/find-session-user";
import { createSignInThrottle } from "../../../lib/auth/sign-in-throttle";
import {
  beginTwoFactorEnrolment,
  confirmTwoFactorEnrolment,
  disableTwoFactor,
  getTwoFactorStatus,
  pendingTwoFactorSecret,
  regenerateRecoveryCodes,
  resetTwoFactor,
} from "../../../lib/auth/two-factor-enrolment";
import { adminAccess, adminsMustUseTwoFactor } from "../../../lib/auth/two-factor-policy";
import { hashRecoveryCode, normaliseRecoveryCode } from "../../../lib/auth/two-factor-recovery-codes";
import { checkSecondFactor } from "../../../lib/auth/two-factor-verify";
import type { Db } from "../../../lib/db";
import { createUser } from "../../../lib/users/create-user";
import { unique } from "../../helpers/factories";
import { describeEachDatabase } from "../../helpers/test-databases";
import { appCode, testTwoFactorDeps, turnOnTwoFactor } from "../../helpers/two-factor";

const PASSWORD = "the-right-password";

/** Six digits that are no code of the window around now. */
function wrongCode(secret: string): string {
  const window = [-1, 0, 1, 2].map((steps) => appCode(secret, steps));
  return ["000000", "111111", "222222", "333333", "444444"].find((code) => !window.includes(code)) ?? "555555";
}

async function newUser(db: Db, role: "CUSTOMER" | "ADMIN" = "CUSTOMER") {
  return createUser(db, { email: `two-factor-${unique()}@example.com`, password: PASSWORD, role });
}

const auditOf = async (db: Db, userId: string) =>
  (await db.auditEvent.findMany({ where: { subject: `user:${userId}` }, orderBy: { at: "asc" } })).map((e) => e.action);

describeEachDatabase("two-factor sign-in", (getDb) => {
  it("turns on only with a right code of the secret shown, storing the secret encrypted and ten hashed recovery codes", async () => {
    const db = getDb();
    const user = await newUser(db);
    const deps = testTwoFactorDeps();
    expect(await getTwoFactorStatus(db, user.id)).toEqual({ enabledAt: null, pending: false, recoveryCodesLeft: 0 });

    expect(await beginTwoFactorEnrolment(db, { userId: user.id }, deps)).toEqual({ outcome: "started" });
    const secret = await pendingTwoFactorSecret(db, user.id, deps);
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    const stored = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(stored.twoFactorSecret).toMatch(/^v1\./);
    expect(stored.twoFactorSecret).not.toContain(secret);
    expect(await getTwoFactorStatus(db, user.id)).toMatchObject({ enabledAt: null, pending: true });

    const wrong = await confirmTwoFactorEnrolment(db, { userId: user.id, code: wrongCode(secret ?? "") }, deps);
    expect(wrong).toEqual({ ok: false, reason: "invalid" });
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).twoFactorEnabledAt).toBeNull();

    const right = await confirmTwoFactorEnrolment(db, { userId: user.id, code: appCode(secret ?? "") }, deps);
    if (!right.ok) throw new Error(right.reason);
    expect(right.recoveryCodes).toHaveLength(10);
    const rows = await db.twoFactorRecoveryCode.findMany({ where: { userId: user.id } });
    expect(rows.map((r) => r.codeHash).sort()).toEqual(right.recoveryCodes.map((c) => hashRecoveryCode(normaliseRecoveryCode(c) ?? "")).sort());
    expect(JSON.stringify(rows)).not.toContain(right.recoveryCodes[0]);
    expect(await getTwoFactorStatus(db, user.id)).toMatchObject({ pending: false, recoveryCodesLeft: 10 });
    // The same commit ended every session of the account, so one opened with a stolen password is gone.
    expect(await auditOf(db, user.id)).toEqual(["user.two_factor_enabled", "user.signed_out_everywhere"]);
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).sessionVersion).toBe(stored.sessionVersion + 1);
    // On: starting over is refused, and the secret stays.
    expect(await beginTwoFactorEnrolment(db, { userId: user.id }, deps)).toEqual({ outcome: "already_enabled" });
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).twoFactorSecret).toBe(stored.twoFactorSecret);
  });

  it("a code of a secret replaced by starting over (another tab) does not turn it on", async () => {
    const db = getDb();
    const user = await newUser(db);
    const deps = testTwoFactorDeps();
    await beginTwoFactorEnrolment(db, { userId: user.id }, deps);
    const first = (await pendingTwoFactorSecret(db, user.id, deps)) ?? "";
    await beginTwoFactorEnrolment(db, { userId: user.id }, deps);
    expect(await confirmTwoFactorEnrolment(db, { userId: user.id, code: appCode(first) }, deps)).toMatchObject({ ok: false });
  });

  it("accepts an app code once: the same code again, or an earlier one, is refused", async () => {
    const db = getDb();
    const user = await newUser(db);
    const { secret } = await turnOnTwoFactor(db, user.id);
    const deps = testTwoFactorDeps();
    expect(await checkSecondFactor(db, { userId: user.id, code: appCode(secret) }, deps)).toEqual({ ok: true, method: "app" });
    expect(await checkSecondFactor(db, { userId: user.id, code: appCode(secret) }, deps)).toEqual({ ok: false, reason: "invalid" });
    expect(await checkSecondFactor(db, { userId: user.id, code: appCode(secret, -1) }, deps)).toEqual({ ok: false, reason: "invalid" });
    expect(await checkSecondFactor(db, { userId: user.id, code: appCode(secret, 1) }, deps)).toEqual({ ok: true, method: "app" });
    expect(await checkSecondFactor(db, { userId: user.id, code: appCode(secret, 3) }, deps)).toEqual({ ok: false, reason: "invalid" });
  });

  it("the same app code sent 12 times at once passes exactly once", async () => {
    const db = getDb();
    const user = await newUser(db);
    const { secret } = await turnOnTwoFactor(db, user.id);
    const deps = testTwoFactorDeps();
    const code = appCode(secret);
    const results = await Promise.all(Array.from({ length: 12 }, () => checkSecondFactor(db, { userId: user.id, code }, deps)));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok && r.reason === "invalid")).toHaveLength(11);
  });

  it("a recovery code works once, also when sent 8 times at once, and its use is audited", async () => {
    const db = getDb();
    const user = await newUser(db);
    const { recoveryCodes } = await turnOnTwoFactor(db, user.id);
    const deps = testTwoFactorDeps();
    const [first = "", second = ""] = recoveryCodes;
    // Typed sloppily: upper case, spaces instead of dashes.
    expect(await checkSecondFactor(db, { userId: user.id, code: first.toUpperCase().replace(/-/g, " ") }, deps)).toEqual({
      ok: true,
      method: "recovery_code",
      recoveryCodesLeft: 9,
    });
    expect(await checkSecondFactor(db, { userId: user.id, code: first }, deps)).toEqual({ ok: false, reason: "invalid" });
    const results = await Promise.all(Array.from({ length: 8 }, () => checkSecondFactor(db, { userId: user.id, code: second }, deps)));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(await getTwoFactorStatus(db, user.id)).toMatchObject({ recoveryCodesLeft: 8 });
    const audit = await db.auditEvent.findMany({ where: { subject: `user:${user.id}`, action: "user.two_factor_recovery_code_used" }, orderBy: { at: "asc" } });
    expect(audit.map((e) => JSON.parse(e.details ?? "{}"))).toEqual([{ recoveryCodesLeft: 9 }, { recoveryCodesLeft: 8 }]);
    // Another account's code is no code here.
    const other = await newUser(db);
    const theirs = await turnOnTwoFactor(db, other.id);
    expect(await checkSecondFactor(db, { userId: user.id, code: theirs.recoveryCodes[0] ?? "" }, deps)).toEqual({ ok: false, reason: "invalid" });
  });

  it("wrong codes spend the account's budget: past it even the right code is refused, and a right code refills it", async () => {
    const db = getDb();
    const user = await newUser(db);
    const { secret } = await turnOnTwoFactor(db, user.id);
    const deps = testTwoFactorDeps(3);
    const wrong = wrongCode(secret);
    expect(await checkSecondFactor(db, { userId: user.id, code: wrong }, deps)).toMatchObject({ ok: false, reason: "invalid" });
    expect(await checkSecondFactor(db, { userId: user.id, code: appCode(secret) }, deps)).toMatchObject({ ok: true });
    for (let i = 0; i < 3; i++) expect(await checkSecondFactor(db, { userId: user.id, code: wrong }, deps)).toMatchObject({ reason: "invalid" });
    expect(await checkSecondFactor(db, { userId: user.id, code: appCode(secret, 1) }, deps)).toMatchObject({ ok: false, reason: "throttled" });
  });

  it("sign-in: the right password alone asks for the code; a wrong password never says two-factor is on; a right code signs in once", async () => {
    const db = getDb();
    const user = await newUser(db);
    const { secret } = await turnOnTwoFactor(db, user.id);
    const deps: AuthenticateDeps = {
      db,
      throttle: createSignInThrottle({ maxAttempts: 20, windowSeconds: 900 }, `test-${unique()}`),
      twoFactor: () => testTwoFactorDeps(),
    };
    const from = { clientIp: "203.0.113.50" };
    expect(await authenticate({ email: user.email, password: "wrong-password" }, from, deps)).toEqual({ ok: false, reason: "invalid" });
    expect(await authenticate({ email: user.email, password: "wrong-password", code: appCode(secret) }, from, deps)).toEqual({ ok: false, reason: "invalid" });
    expect(await authenticate({ email: user.email, password: PASSWORD }, from, deps)).toEqual({ ok: false, reason: "code_required" });
    expect(await authenticate({ email: user.email, password: PASSWORD, code: "" }, from, deps)).toEqual({ ok: false, reason: "code_required" });
    expect(await authenticate({ email: user.email, password: PASSWORD, code: "12345x" }, from, deps)).toEqual({ ok: false, reason: "code_invalid" });
    const signedIn = await authenticate({ email: user.email, password: PASSWORD, code: appCode(secret) }, from, deps);
    expect(signedIn).toMatchObject({ ok: true, user: { id: user.id, twoFactor: true } });
    expect(await authenticate({ email: user.email, password: PASSWORD, code: appCode(secret) }, from, deps)).toEqual({ ok: false, reason: "code_invalid" });
    // Without two-factor, a code is not asked for and an unasked one changes nothing.
    const plain = await newUser(db);
    expect(await authenticate({ email: plain.email, password: PASSWORD, code: "123456" }, from, deps)).toMatchObject({ ok: true, user: { twoFactor: false } });
  });

  it("turning off and new recovery codes need the password and a code; both are audited", async () => {
    const db = getDb();
    const user = await newUser(db);
    const { secret, recoveryCodes } = await turnOnTwoFactor(db, user.id);
    const deps = testTwoFactorDeps();
    expect(await regenerateRecoveryCodes(db, { userId: user.id, password: "not-it", code: appCode(secret) }, deps)).toMatchObject({ ok: false, reason: "wrong_password" });
    expect(await regenerateRecoveryCodes(db, { userId: user.id, password: PASSWORD, code: wrongCode(secret) }, deps)).toMatchObject({
      ok: false,
      reason: "invalid_code",
    });
    const renewed = await regenerateRecoveryCodes(db, { userId: user.id, password: PASSWORD, code: appCode(secret) }, deps);
    if (!renewed.ok) throw new Error(renewed.reason);
    expect(renewed.recoveryCodes).toHaveLength(10);
    // The old codes stopped working; a new one works.
    expect(await checkSecondFactor(db, { userId: user.id, code: recoveryCodes[1] ?? "" }, deps)).toMatchObject({ ok: false });
    expect(await disableTwoFactor(db, { userId: user.id, password: PASSWORD, code: renewed.recoveryCodes[0] ?? "" }, deps)).toEqual({ ok: true });
    const after = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(after).toMatchObject({ twoFactorSecret: null, twoFactorEnabledAt: null, twoFactorLastStep: null });
    expect(await db.twoFactorRecoveryCode.count({ where: { userId: user.id } })).toBe(0);
    expect(await disableTwoFactor(db, { userId: user.id, password: PASSWORD, code: appCode(secret) }, deps)).toMatchObject({ ok: false, reason: "not_enabled" });
    expect(await auditOf(db, user.id)).toEqual([
      "user.two_factor_enabled",
      "user.signed_out_everywhere",
      "user.two_factor_recovery_codes_regenerated",
      "user.two_factor_recovery_code_used",
      "user.two_factor_disabled",
    ]);
  });

  it("the operator's reset turns it off, deletes the recovery codes and ends every session, in one audited commit", async () => {
    const db = getDb();
    const user = await newUser(db, "ADMIN");
    await turnOnTwoFactor(db, user.id);
    // A session opened with a code after turning it on.
    const { sessionVersion } = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    const session = { id: user.id, sessionVersion };
    expect(await findSessionUser(db, session)).toMatchObject({ twoFactor: true });
    expect(await resetTwoFactor(db, { email: user.email, actor: "cli" })).toEqual({ userId: user.id, wasEnabled: true, recoveryCodesDeleted: 10 });
    expect(await findSessionUser(db, session)).toBeNull();
    expect(await findSessionUser(db, { id: user.id, sessionVersion: sessionVersion + 1 })).toMatchObject({ twoFactor: false });
    expect(await db.twoFactorRecoveryCode.count({ where: { userId: user.id } })).toBe(0);
    expect(await auditOf(db, user.id)).toEqual([
      "user.two_factor_enabled",
      "user.signed_out_everywhere",
      "user.signed_out_everywhere",
      "user.two_factor_reset",
    ]);
    expect(await resetTwoFactor(db, { email: `nobody-${unique()}@example.com`, actor: "cli" })).toBeNull();
  });

  it("'require two-factor for admins' is refused to an admin without it, and then gates admins without it", async () => {
    const db = getDb();
    const owner = await newUser(db, "ADMIN");
    expect(await updateAdminsRequireTwoFactor(db, { enabled: true, actorId: owner.id })).toEqual({ outcome: "own_two_factor_off" });
    expect(await adminsMustUseTwoFactor(db)).toBe(false);
    await turnOnTwoFactor(db, owner.id);
    expect(await updateAdminsRequireTwoFactor(db, { enabled: true, actorId: owner.id })).toEqual({ outcome: "changed" });
    expect(await updateAdminsRequireTwoFactor(db, { enabled: true, actorId: owner.id })).toEqual({ outcome: "unchanged" });

    const sessionUser = (user: { id: string; email: string }, role: "ADMIN" | "CUSTOMER", twoFactor: boolean) => ({ id: user.id, email: user.email, name: null, role, twoFactor });
    const other = await newUser(db, "ADMIN");
    const customer = await newUser(db);
    expect(await adminAccess(db, sessionUser(owner, "ADMIN", true))).toMatchObject({ status: "ok" });
    expect(await adminAccess(db, sessionUser(other, "ADMIN", false))).toMatchObject({ status: "two_factor_required" });
    expect(await adminAccess(db, sessionUser(customer, "CUSTOMER", false))).toMatchObject({ status: "forbidden" });
    expect(await adminAccess(db, null)).toEqual({ status: "signed_out" });

    expect(await updateAdminsRequireTwoFactor(db, { enabled: false, actorId: owner.id })).toEqual({ outcome: "changed" });
    expect(await adminAccess(db, sessionUser(other, "ADMIN", false))).toMatchObject({ status: "ok" });
    const audit = await db.auditEvent.findMany({ where: { action: "settings.admins_require_two_factor_changed", actor: owner.id } });
    expect(audit.map((e) => JSON.parse(e.details ?? "{}"))).toEqual(expect.arrayContaining([{ enabled: true }, { enabled: false }]));
    expect(audit).toHaveLength(2);
  });
});
