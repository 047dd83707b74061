// Self-service sign-up must not reveal whether an address has an account: registerUser does the
// same work (a scrypt hash and one write) on both paths and leaves an existing account untouched;
// the sign-up action answers both outcomes with the same words (tests/e2e/auth.spec.ts).
import { performance } from "node:perf_hooks";
import { expect, it } from "vitest";
import { verifyPassword } from "../../../lib/auth/password";
import { createUser } from "../../../lib/users/create-user";
import { registerUser } from "../../../lib/users/register-user";
import { unique } from "../../helpers/factories";
import { describeEachDatabase } from "../../helpers/test-databases";

describeEachDatabase("registerUser", (getDb) => {
  it("creates a customer whose email is not verified yet, with an audit entry", async () => {
    const email = `signup-${unique()}@example.com`;
    const result = await registerUser(getDb(), { email, password: "a-good-password", name: "New Person" });
    expect(result.outcome).toBe("created");
    const user = await getDb().user.findUniqueOrThrow({ where: { email } });
    expect(user).toMatchObject({ role: "CUSTOMER", name: "New Person", emailVerifiedAt: null, sessionVersion: 0 });
    expect(await getDb().auditEvent.count({ where: { subject: `user:${user.id}`, action: "user.signed_up" } })).toBe(1);
  });

  it("leaves an existing account exactly as it was", async () => {
    const owner = await createUser(getDb(), { email: `owner-${unique()}@example.com`, password: "owners-password", name: "Owner" });
    const result = await registerUser(getDb(), { email: owner.email, password: "someone-elses", name: "Someone Else" });
    expect(result).toEqual({ outcome: "email_taken" });
    const after = await getDb().user.findUniqueOrThrow({ where: { id: owner.id } });
    expect(after).toEqual(owner);
    expect(await verifyPassword("owners-password", after.passwordHash ?? "")).toBe(true);
    expect(await getDb().user.count({ where: { email: owner.email } })).toBe(1);
  });

  it("spends comparable time on a new and on a taken email (the scrypt work is done on both)", async () => {
    const taken = await createUser(getDb(), { email: `timing-${unique()}@example.com`, password: "owners-password" });
    const time = async (email: string) => {
      const start = performance.now();
      await registerUser(getDb(), { email, password: "timing-password", name: "Timing" });
      return performance.now() - start;
    };
    // Interleaved, medians of five: a shared machine's noise hits both sides alike.
    const fresh: number[] = [];
    const existing: number[] = [];
    for (let i = 0; i < 5; i++) {
      fresh.push(await time(`timing-new-${unique()}@example.com`));
      existing.push(await time(taken.email));
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[2] ?? 0;
    // Without the hash on the taken path it would answer in a few milliseconds, over ten times faster.
    expect(median(existing)).toBeGreaterThan(median(fresh) * 0.5);
  });
});
