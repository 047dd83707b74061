// Sign-in throttling. Every attempt is counted BEFORE its password is checked (a check that waits
// for scrypt cannot be raced by a burst of parallel requests) and given back when it succeeds.
// Three budgets, each in rate-limiter-flexible (Redis when REDIS_URL is set, so every instance
// spends from one budget):
//   - per (email, IP): SIGN_IN_MAX_ATTEMPTS per SIGN_IN_WINDOW_SECONDS, the budget a person mistyping
//     a password meets;
//   - per IP: ten times that, for one address spraying many accounts;
//   - per email, from any IP: five times that per four windows, for a distributed attack on one
//     account. It applies only to browsers without a device token for the account, so failures
//     elsewhere never lock the owner's own browsers out, and it is a fixed window: however long
//     an attack runs, an unknown browser waits at most four windows.
import { createRateLimiter, type RateLimiter } from "../http/rate-limit";

export type SignInLimits = { maxAttempts: number; windowSeconds: number };

export const PER_IP_FACTOR = 10;
export const PER_EMAIL_FACTOR = 5;
export const PER_EMAIL_WINDOW_FACTOR = 4;

export type SignInAttempt = { email: string; ip: string; trustedDevice: boolean };

/** An attempt allowed to check its password; report its outcome with `succeeded()` (failures need nothing). */
export type SignInPermit =
  | { allowed: true; succeeded(): Promise<void> }
  | { allowed: false; retryAfterSeconds: number };

export type SignInThrottle = { begin(attempt: SignInAttempt): Promise<SignInPermit> };

/** Budgets named `name` (tests use their own names so they never share counters). */
export function createSignInThrottle(limits: SignInLimits, name = "sign-in"): SignInThrottle {
  const perEmailAndIp = createRateLimiter(`${name}:email-ip`, limits.maxAttempts, limits.windowSeconds);
  const perIp = createRateLimiter(`${name}:ip`, limits.maxAttempts * PER_IP_FACTOR, limits.windowSeconds);
  const perEmail = createRateLimiter(
    `${name}:email`,
    limits.maxAttempts * PER_EMAIL_FACTOR,
    limits.windowSeconds * PER_EMAIL_WINDOW_FACTOR,
  );

  return {
    async begin({ email, ip, trustedDevice }) {
      // A space separates them: neither a valid email nor an IP contains one.
      const budgets: [RateLimiter, string][] = [
        [perEmailAndIp, `${ip} ${email}`],
        [perIp, ip],
      ];
      if (!trustedDevice) budgets.push([perEmail, email]);

      const decisions = await Promise.all(budgets.map(([limiter, key]) => limiter.consume(key)));
      const refused = decisions.filter((decision) => !decision.allowed);
      if (refused.length > 0) {
        // This attempt checks nothing, so it spends nothing from the budgets that let it through:
        // hammering one (email, IP) past its limit must not also drain the account's shared budget.
        await Promise.all(budgets.map(([limiter, key], i) => (decisions[i]?.allowed ? limiter.reward(key) : undefined)));
        return { allowed: false, retryAfterSeconds: Math.max(...refused.map((decision) => decision.resetSeconds)) };
      }
      return {
        allowed: true,
        async succeeded() {
          // The right password: this browser's earlier typos at this address are forgiven. The
          // shared budgets only get this attempt back, so one known password cannot wipe the
          // record of failures against other accounts or from other addresses.
          await Promise.all([
            perEmailAndIp.reset(`${ip} ${email}`),
            perIp.reward(ip),
            trustedDevice ? undefined : perEmail.reward(email),
          ]);
        },
      };
    },
  };
}
