// `npm run admin:create`, run as the operator runs it (a child process, the password piped on
// stdin) against real databases: it refuses --password, never changes an existing account unless
// told to with --promote, and a promotion ends the sessions whoever registered the address held.
import { expect, it } from "vitest";
import { findSessionUser } from "../../../lib/auth/find-session-user";
import { verifyPassword } from "../../../lib/auth/password";
import { createUser } from "../../../lib/users/create-user";
import { unique } from "../../helpers/factories";
import { runScript } from "../../helpers/run-script";
import { describeEachDatabaseWith } from "../../helpers/test-databases";

/** Runs scripts/admin-create.ts with `args`, `stdin` piped in, on the database at `url`. */
const adminCreate = (url: string, args: string[], stdin = "") => runScript("admin-create.ts", args, { env: { DATABASE_URL: url }, stdin });

describeEachDatabaseWith("admin:create", { setup: async (database) => database }, ({ fixture }) => {
  const db = () => fixture().db;
  const url = () => fixture().url;

  it("refuses a password in argv, saying why, and creates nothing", async () => {
    const email = `argv-${unique()}@example.com`;
    for (const args of [["--email", email, "--password", "secret-pass-1"], [`--password=secret-pass-1`, "--email", email]]) {
      const run = await adminCreate(url(), args, "");
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/does not take --password/);
      expect(run.stderr).toMatch(/`ps`/);
      expect(run.stderr).toMatch(/shell history/);
    }
    expect(await db().user.findUnique({ where: { email } })).toBeNull();
  });

  it("creates an admin with the password from stdin, its email counted as verified", async () => {
    const email = `new-admin-${unique()}@example.com`;
    const run = await adminCreate(url(), ["--email", email, "--name", "Store Owner"], "piped-password-1\n");
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Admin account created: ${email}`);
    const admin = await db().user.findUniqueOrThrow({ where: { email } });
    expect(admin).toMatchObject({ role: "ADMIN", name: "Store Owner", sessionVersion: 0 });
    expect(admin.emailVerifiedAt).toBeInstanceOf(Date);
    expect(await verifyPassword("piped-password-1", admin.passwordHash ?? "")).toBe(true);
    expect(await db().auditEvent.count({ where: { subject: `user:${admin.id}`, action: "user.admin_created", actor: "cli" } })).toBe(1);

    const short = await adminCreate(url(), ["--email", `short-${unique()}@example.com`], "short\n");
    expect(short.code).toBe(1);
    expect(short.stderr).toMatch(/at least 8 characters/);
  });

  it("leaves an existing account alone without --promote", async () => {
    const squatter = await createUser(db(), { email: `taken-${unique()}@example.com`, password: "squatters-pass" });
    const run = await adminCreate(url(), ["--email", squatter.email], "owners-password\n");
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/already has an account/);
    expect(run.stderr).toMatch(/--promote/);
    const after = await db().user.findUniqueOrThrow({ where: { id: squatter.id } });
    expect(after).toMatchObject({ role: "CUSTOMER", passwordHash: squatter.passwordHash, sessionVersion: 0, emailVerifiedAt: null });
  });

  it("with --promote: ADMIN, the operator's password, verified, and every earlier session ended", async () => {
    // Someone registered the owner's address first and is signed in.
    const squatter = await createUser(db(), { email: `squatted-${unique()}@example.com`, password: "squatters-pass" });
    const squattersSession = { id: squatter.id, sessionVersion: squatter.sessionVersion };
    expect(await findSessionUser(db(), squattersSession)).not.toBeNull();

    const run = await adminCreate(url(), ["--email", squatter.email, "--promote"], "owners-password\n");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`${squatter.email} is now an admin (it was a customer)`);
    expect(run.stdout).toMatch(/password was replaced and every existing session of it was signed out/);

    const after = await db().user.findUniqueOrThrow({ where: { id: squatter.id } });
    expect(after.role).toBe("ADMIN");
    expect(after.emailVerifiedAt).toBeInstanceOf(Date);
    expect(after.sessionVersion).toBe(squatter.sessionVersion + 1);
    expect(await verifyPassword("owners-password", after.passwordHash ?? "")).toBe(true);
    // The squatter's session would have become an admin session: it is refused instead.
    expect(await findSessionUser(db(), squattersSession)).toBeNull();
  });
});
