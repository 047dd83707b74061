// The per-user session version: a session token carries the version it was issued with, and
// findSessionUser (what every guard calls) refuses it once the database's version moved on: after
// a password change, "sign out everywhere", and a promotion by the operator. Each change writes
// its audit entry in the same transaction.
import { expect, it } from "vitest";
import { verifyPassword } from "../../../lib/auth/password";
import { findSessionUser } from "../../../lib/auth/find-session-user";
import { signOutEverywhere } from "../../../lib/auth/sign-out-everywhere";
import type { Db } from "../../../lib/db";
import { changePassword } from "../../../lib/users/change-password";
import { createUser } from "../../../lib/users/create-user";
import { promoteToAdmin } from "../../../lib/users/promote-to-admin";
import { unique } from "../../helpers/factories";
import { describeEachDatabase } from "../../helpers/test-databases";

async function newUser(db: Db, password = "original-password") {
  return createUser(db, { email: `session-${unique()}@example.com`, password, name: "Session Test" });
}

/** What a session token issued now would claim. */
async function claimsNow(db: Db, id: string) {
  const { sessionVersion } = await db.user.findUniqueOrThrow({ where: { id } });
  return { id, sessionVersion };
}

const auditOf = (db: Db, id: string) => db.auditEvent.findMany({ where: { subject: `user:${id}` }, orderBy: { at: "asc" } });

describeEachDatabase("session version", (getDb) => {
  it("a token with the current version is the user; without a version, or for a deleted user, nobody", async () => {
    const user = await newUser(getDb());
    expect(await findSessionUser(getDb(), await claimsNow(getDb(), user.id))).toEqual({
      id: user.id,
      email: user.email,
      name: "Session Test",
      role: "CUSTOMER",
      twoFactor: false,
    });
    // Issued before the check existed: refused, so no older session survives unchecked.
    expect(await findSessionUser(getDb(), { id: user.id })).toBeNull();
    expect(await findSessionUser(getDb(), { id: user.id, sessionVersion: 1 })).toBeNull();
    expect(await findSessionUser(getDb(), { id: `missing-${unique()}`, sessionVersion: 0 })).toBeNull();
  });

  it("a password change ends every session, and only with the right current password", async () => {
    const user = await newUser(getDb());
    const before = await claimsNow(getDb(), user.id);

    expect(await changePassword(getDb(), { userId: user.id, currentPassword: "not-it", newPassword: "a-new-password" })).toEqual({
      outcome: "wrong_password",
    });
    const unchanged = await getDb().user.findUniqueOrThrow({ where: { id: user.id } });
    expect(unchanged.passwordHash).toBe(user.passwordHash);
    expect(unchanged.sessionVersion).toBe(before.sessionVersion);
    expect(await findSessionUser(getDb(), before)).not.toBeNull();
    expect(await auditOf(getDb(), user.id)).toEqual([]);

    expect(
      await changePassword(getDb(), { userId: user.id, currentPassword: "original-password", newPassword: "a-new-password" }),
    ).toEqual({ outcome: "changed" });
    const changed = await getDb().user.findUniqueOrThrow({ where: { id: user.id } });
    expect(await verifyPassword("a-new-password", changed.passwordHash ?? "")).toBe(true);
    expect(changed.sessionVersion).toBe(before.sessionVersion + 1);
    expect(await findSessionUser(getDb(), before)).toBeNull();
    expect(await findSessionUser(getDb(), await claimsNow(getDb(), user.id))).not.toBeNull();
    expect((await auditOf(getDb(), user.id)).map((e) => [e.actor, e.action])).toEqual([[user.id, "user.password_changed"]]);
  });

  it("two password changes racing with the same current password: one wins, the other is refused", async () => {
    const user = await newUser(getDb());
    const results = await Promise.all(
      ["first-new-password", "second-new-password"].map((newPassword) =>
        changePassword(getDb(), { userId: user.id, currentPassword: "original-password", newPassword }),
      ),
    );
    expect(results.map((r) => r.outcome).sort()).toEqual(["changed", "wrong_password"]);
    const after = await getDb().user.findUniqueOrThrow({ where: { id: user.id } });
    expect(after.sessionVersion).toBe(1);
    const winners = await Promise.all(["first-new-password", "second-new-password"].map((p) => verifyPassword(p, after.passwordHash ?? "")));
    expect(winners.filter(Boolean)).toHaveLength(1);
  });

  it("sign out everywhere ends every session; parallel bumps all count (atomic increment)", async () => {
    const user = await newUser(getDb());
    const before = await claimsNow(getDb(), user.id);
    expect(await signOutEverywhere(getDb(), { userId: user.id, actor: user.id })).toBe(true);
    expect(await findSessionUser(getDb(), before)).toBeNull();

    await Promise.all(Array.from({ length: 8 }, () => signOutEverywhere(getDb(), { userId: user.id, actor: user.id })));
    expect((await getDb().user.findUniqueOrThrow({ where: { id: user.id } })).sessionVersion).toBe(before.sessionVersion + 9);
    const audit = await auditOf(getDb(), user.id);
    expect(audit).toHaveLength(9);
    expect(new Set(audit.map((e) => e.action))).toEqual(new Set(["user.signed_out_everywhere"]));
    expect(await signOutEverywhere(getDb(), { userId: `missing-${unique()}`, actor: "x" })).toBe(false);
  });

  it("a promotion by the operator ends the sessions of whoever registered the address first", async () => {
    // The attacker signed up with the owner's address and holds a session.
    const attacker = await newUser(getDb(), "attackers-password");
    const attackersSession = await claimsNow(getDb(), attacker.id);
    expect(attacker.emailVerifiedAt).toBeNull();

    expect(await promoteToAdmin(getDb(), { email: attacker.email, password: "owners-password", actor: "cli" })).toEqual({
      outcome: "promoted",
      userId: attacker.id,
    });
    const promoted = await getDb().user.findUniqueOrThrow({ where: { id: attacker.id } });
    expect(promoted.role).toBe("ADMIN");
    expect(promoted.emailVerifiedAt).toBeInstanceOf(Date);
    expect(await verifyPassword("owners-password", promoted.passwordHash ?? "")).toBe(true);
    expect(await verifyPassword("attackers-password", promoted.passwordHash ?? "")).toBe(false);
    // The attacker's token now names an admin account, and is refused.
    expect(await findSessionUser(getDb(), attackersSession)).toBeNull();
    const [audit] = await auditOf(getDb(), attacker.id);
    expect(audit).toMatchObject({ actor: "cli", action: "user.promoted_to_admin" });
    expect(JSON.parse(audit?.details ?? "{}")).toEqual({ previousRole: "CUSTOMER", passwordReplaced: true, sessionsEnded: true });

    // Again: already an admin, the password is replaced and sessions end once more.
    const adminSession = await claimsNow(getDb(), attacker.id);
    expect(await promoteToAdmin(getDb(), { email: attacker.email, password: "owners-second", actor: "cli" })).toMatchObject({
      outcome: "already_admin",
    });
    expect(await findSessionUser(getDb(), adminSession)).toBeNull();
    expect(await promoteToAdmin(getDb(), { email: `missing-${unique()}@example.com`, password: "whatever-pass", actor: "cli" })).toEqual({
      outcome: "not_found",
    });
  });
});
