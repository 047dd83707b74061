// Two-factor sign-in in tests: turn it on for an account the way the settings page does (begin,
// then a first code), and the codes an authenticator app would show. The secret is encrypted with
// the test servers' NEXTAUTH_SECRET, so a store server started by store-server.ts can read it.
import { beginTwoFactorEnrolment, confirmTwoFactorEnrolment, pendingTwoFactorSecret } from "../../lib/auth/two-factor-enrolment";
import { timeStepAt, totpCodeForStep } from "../../lib/auth/two-factor-totp";
import type { TwoFactorDeps } from "../../lib/auth/two-factor-verify";
import type { Db } from "../../lib/db";
import { createRateLimiter } from "../../lib/http/rate-limit";
import { unique } from "./factories";
import { TEST_NEXTAUTH_SECRET } from "./store-server";

/** Deps with a code budget of their own (`attempts` per 15 minutes), so tests never share counters. */
export function testTwoFactorDeps(attempts = 1000): TwoFactorDeps {
  return { sessionSecret: TEST_NEXTAUTH_SECRET, limiter: createRateLimiter(`test-two-factor-${unique()}`, attempts, 900) };
}

/** The code the app shows now, or `steps` periods from now. */
export function appCode(secret: string, steps = 0, now = new Date()): string {
  return totpCodeForStep(secret, timeStepAt(now) + steps);
}

/**
 * Turns two-factor on for `userId`, confirmed with the code of two steps ago (so every code of
 * the window around now is still unused), and returns the secret and the recovery codes.
 */
export async function turnOnTwoFactor(db: Db, userId: string): Promise<{ secret: string; recoveryCodes: string[] }> {
  const deps = testTwoFactorDeps();
  await beginTwoFactorEnrolment(db, { userId }, deps);
  const secret = await pendingTwoFactorSecret(db, userId, deps);
  if (!secret) throw new Error("no pending two-factor secret");
  const earlier = new Date(Date.now() - 60_000);
  const result = await confirmTwoFactorEnrolment(db, { userId, code: appCode(secret, 0, earlier), now: earlier }, deps);
  if (!result.ok) throw new Error(`turning two-factor on failed: ${result.reason}`);
  return { secret, recoveryCodes: result.recoveryCodes };
}
