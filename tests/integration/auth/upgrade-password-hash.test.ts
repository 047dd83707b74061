// Passwords stored with older scrypt parameters are re-hashed with today's on a successful
// sign-in, once, and never over a password that changed in between.
import { scryptSync } from "node:crypto";
import { expect, it } from "vitest";
import { upgradePasswordHash } from "../../../lib/auth/authenticate";
import { hashPassword, needsRehash, verifyPassword } from "../../../lib/auth/password";
import { describeEachDatabase } from "../../helpers/test-databases";

/** A hash as the store made them before N=2^14, r=8, p=5: N=2^17, r=8, p=1 (128 MiB per check). */
function olderHash(password: string): string {
  const salt = Buffer.alloc(16, 3);
  const key = scryptSync(password.normalize("NFKC"), salt, 32, { N: 2 ** 17, r: 8, p: 1, maxmem: 256 * 1024 * 1024 });
  return ["scrypt", 2 ** 17, 8, 1, salt.toString("base64url"), key.toString("base64url")].join("$");
}

describeEachDatabase("upgradePasswordHash", (getDb) => {
  it("re-hashes an older hash with today's parameters, once", async () => {
    const user = await getDb().user.create({ data: { email: `old-${Date.now()}@example.com`, passwordHash: olderHash("s3cret pass") } });
    expect(needsRehash(user.passwordHash ?? "")).toBe(true);

    expect(await upgradePasswordHash(getDb(), user, "s3cret pass")).toBe(true);
    const upgraded = await getDb().user.findUniqueOrThrow({ where: { id: user.id } });
    expect(upgraded.passwordHash?.startsWith("scrypt$16384$8$5$")).toBe(true);
    expect(await verifyPassword("s3cret pass", upgraded.passwordHash ?? "")).toBe(true);

    expect(await upgradePasswordHash(getDb(), upgraded, "s3cret pass")).toBe(false);
    expect((await getDb().user.findUniqueOrThrow({ where: { id: user.id } })).passwordHash).toBe(upgraded.passwordHash);
  });

  it("leaves a password changed since the sign-in read it alone", async () => {
    const user = await getDb().user.create({ data: { email: `changed-${Date.now()}@example.com`, passwordHash: olderHash("first pass") } });
    const changed = await hashPassword("second pass");
    await getDb().user.update({ where: { id: user.id }, data: { passwordHash: changed } });

    expect(await upgradePasswordHash(getDb(), user, "first pass")).toBe(false);
    expect((await getDb().user.findUniqueOrThrow({ where: { id: user.id } })).passwordHash).toBe(changed);
  });
});
