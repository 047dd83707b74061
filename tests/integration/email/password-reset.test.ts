// Password reset in lib, on both databases: the link (256 random bits, only its SHA-256 stored,
// built from the public URL), one hour, single use; a reset ends every session, proves the inbox
// and queues "password changed" in its transaction; expired, reused and tampered links change
// nothing. The same flow over HTTP with a real SMTP server is password-reset-http.test.ts.
import { createHash } from "node:crypto";
import { expect, it } from "vitest";
import { findSessionUser } from "../../../lib/auth/find-session-user";
import { verifyPassword } from "../../../lib/auth/password";
import type { Db } from "../../../lib/db";
import { getEnv } from "../../../lib/env";
import { changePassword } from "../../../lib/users/change-password";
import { createUser } from "../../../lib/users/create-user";
import { PASSWORD_RESET_TTL_MS, requestPasswordReset } from "../../../lib/users/request-password-reset";
import { resetPassword } from "../../../lib/users/reset-password";
import { unique } from "../../helpers/factories";
import { describeEachDatabase } from "../../helpers/test-databases";

const TOKEN_IN_LINK = /\/reset-password\?token=([A-Za-z0-9_-]+)/;

async function newUser(db: Db, options: { verified?: boolean } = {}) {
  return createUser(db, {
    email: `reset-${unique()}@example.com`,
    password: "old-password-1",
    name: "Reset Test",
    emailVerifiedAt: options.verified ? new Date() : null,
  });
}

/** The reset messages queued for `email`, newest last, with the token of each one's link. */
async function resetMails(db: Db, email: string) {
  const rows = await db.emailMessage.findMany({ where: { recipient: email, kind: "password_reset" }, orderBy: { createdAt: "asc" } });
  return rows.map((row) => {
    const token = TOKEN_IN_LINK.exec(row.text)?.[1];
    if (!token) throw new Error(`no reset link in: ${row.text}`);
    return { row, token };
  });
}

async function askForLink(db: Db, email: string, now?: Date): Promise<string> {
  await requestPasswordReset(db, { email, now });
  const mail = (await resetMails(db, email)).at(-1);
  if (!mail) throw new Error("no reset message was queued");
  return mail.token;
}

const sessionOf = async (db: Db, id: string) => ({ id, sessionVersion: (await db.user.findUniqueOrThrow({ where: { id } })).sessionVersion });

describeEachDatabase("password reset", (getDb) => {
  it("queues a sensitive one-hour link built from the public URL; only the token's SHA-256 is stored", async () => {
    const user = await newUser(getDb());
    const now = new Date();
    await requestPasswordReset(getDb(), { email: user.email, now });
    const [mail] = await resetMails(getDb(), user.email);
    expect(mail?.row).toMatchObject({ userId: user.id, sensitive: true, subject: expect.stringContaining("Reset your") });
    expect(mail?.row.expiresAt?.getTime()).toBe(now.getTime() + PASSWORD_RESET_TTL_MS);
    expect(mail?.row.text).toContain(`${getEnv().publicUrl}/reset-password?token=`);
    const token = mail?.token ?? "";
    expect(Buffer.from(token, "base64url")).toHaveLength(32);

    const [row] = await getDb().userToken.findMany({ where: { userId: user.id } });
    expect(row).toMatchObject({ purpose: "password_reset", email: user.email, usedAt: null });
    expect(row?.tokenHash).toBe(createHash("sha256").update(token).digest("hex"));
    expect(row?.expiresAt.getTime()).toBe(now.getTime() + PASSWORD_RESET_TTL_MS);
    expect(JSON.stringify(row)).not.toContain(token);
  });

  it("writes nothing for an unknown address (the caller answers both alike)", async () => {
    const email = `nobody-${unique()}@example.com`;
    const before = await Promise.all([getDb().emailMessage.count(), getDb().userToken.count(), getDb().auditEvent.count()]);
    await requestPasswordReset(getDb(), { email });
    expect(await Promise.all([getDb().emailMessage.count(), getDb().userToken.count(), getDb().auditEvent.count()])).toEqual(before);
  });

  it("a reset sets the password, ends every session, proves the address and queues 'password changed', once", async () => {
    const user = await newUser(getDb());
    const session = await sessionOf(getDb(), user.id);
    const token = await askForLink(getDb(), user.email);

    expect(await resetPassword(getDb(), { token, newPassword: "new-password-1" })).toEqual({ outcome: "reset" });
    const after = await getDb().user.findUniqueOrThrow({ where: { id: user.id } });
    expect(await verifyPassword("new-password-1", after.passwordHash ?? "")).toBe(true);
    expect(await verifyPassword("old-password-1", after.passwordHash ?? "")).toBe(false);
    expect(after.sessionVersion).toBe(session.sessionVersion + 1);
    expect(await findSessionUser(getDb(), session)).toBeNull();
    expect(after.emailVerifiedAt).toBeInstanceOf(Date);
    const changed = await getDb().emailMessage.findMany({ where: { recipient: user.email, kind: "password_changed" } });
    expect(changed).toHaveLength(1);
    expect(changed[0]?.text).toContain("reset with a link sent to this address");
    const audit = await getDb().auditEvent.findMany({ where: { subject: `user:${user.id}` }, orderBy: { at: "asc" } });
    expect(audit.map((event) => event.action)).toEqual(["user.password_reset_requested", "user.password_reset"]);

    // The same link again: refused, nothing changes.
    expect(await resetPassword(getDb(), { token, newPassword: "third-password" })).toEqual({ outcome: "refused", reason: "used" });
    const again = await getDb().user.findUniqueOrThrow({ where: { id: user.id } });
    expect(again.passwordHash).toBe(after.passwordHash);
    expect(again.sessionVersion).toBe(after.sessionVersion);
  });

  it("an address verified before stays as it was", async () => {
    const user = await newUser(getDb(), { verified: true });
    const token = await askForLink(getDb(), user.email);
    expect(await resetPassword(getDb(), { token, newPassword: "new-password-1" })).toEqual({ outcome: "reset" });
    expect((await getDb().user.findUniqueOrThrow({ where: { id: user.id } })).emailVerifiedAt).toEqual(user.emailVerifiedAt);
  });

  it("refuses expired, tampered and unknown tokens, changing nothing", async () => {
    const user = await newUser(getDb());
    const hourAgo = new Date(Date.now() - PASSWORD_RESET_TTL_MS - 1000);
    const expired = await askForLink(getDb(), user.email, hourAgo);
    expect(await resetPassword(getDb(), { token: expired, newPassword: "new-password-1" })).toEqual({ outcome: "refused", reason: "expired" });

    const fresh = await askForLink(getDb(), user.email);
    const last = fresh.at(-1) === "A" ? "B" : "A";
    const tampered = [fresh.slice(0, -1) + last, fresh.slice(1), `${fresh}x`, "", "not a token at all", createHash("sha256").update(fresh).digest("hex")];
    for (const token of tampered) {
      expect(await resetPassword(getDb(), { token, newPassword: "new-password-1" }), token).toEqual({ outcome: "refused", reason: "invalid" });
    }
    const after = await getDb().user.findUniqueOrThrow({ where: { id: user.id } });
    expect(after).toEqual(user);
    expect(await getDb().emailMessage.count({ where: { recipient: user.email, kind: "password_changed" } })).toBe(0);
    // The genuine link still works after all that.
    expect(await resetPassword(getDb(), { token: fresh, newPassword: "new-password-1" })).toEqual({ outcome: "reset" });
  });

  it("asking again retires the older unused links; only the newest works", async () => {
    const user = await newUser(getDb());
    const first = await askForLink(getDb(), user.email);
    const second = await askForLink(getDb(), user.email);
    expect(await resetPassword(getDb(), { token: first, newPassword: "new-password-1" })).toEqual({ outcome: "refused", reason: "used" });
    expect(await resetPassword(getDb(), { token: second, newPassword: "new-password-1" })).toEqual({ outcome: "reset" });
  });

  it("two requests racing with one link: exactly one resets", async () => {
    const user = await newUser(getDb());
    const token = await askForLink(getDb(), user.email);
    const results = await Promise.all(["racer-one-pass", "racer-two-pass"].map((newPassword) => resetPassword(getDb(), { token, newPassword })));
    expect(results.map((result) => result.outcome).sort()).toEqual(["refused", "reset"]);
    expect((await getDb().user.findUniqueOrThrow({ where: { id: user.id } })).sessionVersion).toBe(1);
  });

  it("a password change from the account queues 'password changed' in its transaction", async () => {
    const user = await newUser(getDb());
    expect(await changePassword(getDb(), { userId: user.id, currentPassword: "wrong-one", newPassword: "new-password-1" })).toEqual({ outcome: "wrong_password" });
    expect(await getDb().emailMessage.count({ where: { recipient: user.email } })).toBe(0);
    expect(await changePassword(getDb(), { userId: user.id, currentPassword: "old-password-1", newPassword: "new-password-1" })).toEqual({ outcome: "changed" });
    const [message] = await getDb().emailMessage.findMany({ where: { recipient: user.email } });
    expect(message).toMatchObject({ kind: "password_changed", userId: user.id, sensitive: false });
    expect(message?.text).toContain("changed from your account settings");
  });
});
