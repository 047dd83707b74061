// Sign-in throttling, through authenticate() on a real database: attempts are counted before the
// password check (a burst cannot slip past the limit while scrypt runs), a success gives its
// attempt back, one IP cannot spray many accounts, and failures from many IPs slow an account
// down for unknown browsers only, for a bounded time, never for its owner's own browser.
import { expect, it } from "vitest";
import { authenticate, type AuthenticateDeps, type AuthenticateResult } from "../../../lib/auth/authenticate";
import { issueDeviceToken } from "../../../lib/auth/device-token";
import { createSignInThrottle, PER_EMAIL_FACTOR, PER_IP_FACTOR, type SignInLimits } from "../../../lib/auth/sign-in-throttle";
import type { Db } from "../../../lib/db";
import { createUser } from "../../../lib/users/create-user";
import { unique } from "../../helpers/factories";
import { describeEachDatabase } from "../../helpers/test-databases";

const SECRET = "a-test-secret-of-at-least-32-characters!";
const PASSWORD = "the-right-password";

async function newAccount(db: Db) {
  const email = `throttle-${unique()}@example.com`;
  await createUser(db, { email, password: PASSWORD });
  return email;
}

/** A throttle of its own (fresh counters), and the deps authenticate uses with it. */
function fresh(db: Db, limits: SignInLimits = { maxAttempts: 10, windowSeconds: 900 }): AuthenticateDeps {
  return { db, throttle: createSignInThrottle(limits, `test-${unique()}`), deviceSecret: SECRET };
}

function tally(results: AuthenticateResult[]) {
  const count = (reason: string) => results.filter((r) => (r.ok ? "ok" : r.reason) === reason).length;
  return { ok: count("ok"), invalid: count("invalid"), throttled: count("throttled") };
}

const wrong = (email: string) => ({ email, password: "a-wrong-password" });
const right = (email: string) => ({ email, password: PASSWORD });

describeEachDatabase("sign-in throttling", (getDb) => {
  it("lets at most the limit of 30 parallel wrong passwords reach the password check", async () => {
    const deps = fresh(getDb());
    const email = await newAccount(getDb());
    const results = await Promise.all(Array.from({ length: 30 }, () => authenticate(wrong(email), { clientIp: "203.0.113.7" }, deps)));
    // "invalid" is only ever answered after scrypt ran; "throttled" before it.
    expect(tally(results)).toEqual({ ok: 0, invalid: 10, throttled: 20 });
    const throttled = results.find((r) => !r.ok && r.reason === "throttled");
    expect(throttled && !throttled.ok && throttled.retryAfterSeconds).toBeGreaterThan(0);
    // The owner from that same address is throttled too (the attacker shares it); see the device test.
    expect((await authenticate(right(email), { clientIp: "203.0.113.7" }, deps)).ok).toBe(false);
  });

  it("counts an unknown email exactly like a known one", async () => {
    const deps = fresh(getDb());
    const email = `nobody-${unique()}@example.com`;
    const results = await Promise.all(Array.from({ length: 15 }, () => authenticate(wrong(email), { clientIp: "203.0.113.8" }, deps)));
    expect(tally(results)).toEqual({ ok: 0, invalid: 10, throttled: 5 });
  });

  it("gives a success's attempt back and forgives that browser's earlier typos", async () => {
    const deps = fresh(getDb());
    const email = await newAccount(getDb());
    const from = { clientIp: "198.51.100.4" };
    for (let i = 0; i < 9; i++) expect(await authenticate(wrong(email), from, deps)).toMatchObject({ reason: "invalid" });
    expect(await authenticate(right(email), from, deps)).toMatchObject({ ok: true });
    // A full budget again: ten more typos are checked, the eleventh is throttled.
    const after = [];
    for (let i = 0; i < 11; i++) after.push(await authenticate(wrong(email), from, deps));
    expect(tally(after)).toEqual({ ok: 0, invalid: 10, throttled: 1 });
  });

  it("stops one IP spraying many accounts, whichever accounts it tries", async () => {
    const limits = { maxAttempts: 2, windowSeconds: 900 };
    const deps = fresh(getDb(), limits);
    const from = { clientIp: "192.0.2.55" };
    const results: AuthenticateResult[] = [];
    // Two tries per address, each address new: only the per-IP budget can stop this.
    for (let i = 0; i < PER_IP_FACTOR * limits.maxAttempts / 2 + 3; i++) {
      const email = `spray-${i}-${unique()}@example.com`;
      results.push(await authenticate(wrong(email), from, deps), await authenticate(wrong(email), from, deps));
    }
    expect(tally(results)).toEqual({ ok: 0, invalid: PER_IP_FACTOR * limits.maxAttempts, throttled: 6 });
    // Another address is not affected.
    expect(await authenticate(wrong(`spray-${unique()}@example.com`), { clientIp: "192.0.2.56" }, deps)).toMatchObject({ reason: "invalid" });
  });

  it("an attacker failing from many IPs cannot stop the owner signing in from a browser that signed in before", async () => {
    const limits = { maxAttempts: 3, windowSeconds: 900 };
    const deps = fresh(getDb(), limits);
    const email = await newAccount(getDb());
    // The owner signed in once, from home: the browser keeps the device token it was given.
    const home = await authenticate(right(email), { clientIp: "198.51.100.10" }, deps);
    if (!home.ok || !home.deviceToken) throw new Error("a successful sign-in hands out a device token");

    // A botnet: every address stays under its own per-(email, IP) budget.
    const attack: AuthenticateResult[] = [];
    for (let bot = 0; bot < 12; bot++) {
      for (let i = 0; i < limits.maxAttempts; i++) attack.push(await authenticate(wrong(email), { clientIp: `10.0.${bot}.1` }, deps));
    }
    // The account's shared budget ran out after PER_EMAIL_FACTOR * maxAttempts failures.
    expect(tally(attack)).toEqual({ ok: 0, invalid: PER_EMAIL_FACTOR * limits.maxAttempts, throttled: 36 - PER_EMAIL_FACTOR * limits.maxAttempts });

    // An unknown browser is slowed down now, even with the right password...
    expect(await authenticate(right(email), { clientIp: "198.51.100.77" }, deps)).toMatchObject({ ok: false, reason: "throttled" });
    // ...a device token for another account does not help...
    const otherToken = issueDeviceToken(`someone-else-${unique()}@example.com`, SECRET);
    expect(await authenticate(right(email), { clientIp: "198.51.100.77", deviceToken: otherToken }, deps)).toMatchObject({ reason: "throttled" });
    // ...but the owner's own browser signs in, from anywhere.
    expect(await authenticate(right(email), { clientIp: "198.51.100.99", deviceToken: home.deviceToken }, deps)).toMatchObject({ ok: true });
    // And a bot that stole nothing gets nothing from trying the owner's path with a forged token.
    expect(await authenticate(wrong(email), { clientIp: "10.0.99.1", deviceToken: "1.forged.token" }, deps)).toMatchObject({ reason: "throttled" });
  });

  it("ends the account's slow-down after its window, however many failures there were", async () => {
    // A one-second window: the per-email budget spans four of them.
    const limits = { maxAttempts: 1, windowSeconds: 1 };
    const deps = fresh(getDb(), limits);
    const email = await newAccount(getDb());
    for (let bot = 0; bot < 20; bot++) await authenticate(wrong(email), { clientIp: `10.1.${bot}.1` }, deps);
    expect(await authenticate(right(email), { clientIp: "198.51.100.20" }, deps)).toMatchObject({ reason: "throttled" });

    await new Promise((resolve) => setTimeout(resolve, 4_200));
    expect(await authenticate(right(email), { clientIp: "198.51.100.20" }, deps)).toMatchObject({ ok: true });
  });

  it("hammering one address past its limit does not drain the account's shared budget", async () => {
    const limits = { maxAttempts: 2, windowSeconds: 900 };
    const deps = fresh(getDb(), limits);
    const email = await newAccount(getDb());
    // 2 checked, 50 refused before the check: only the 2 count against the account.
    for (let i = 0; i < 52; i++) await authenticate(wrong(email), { clientIp: "10.2.0.1" }, deps);
    expect(await authenticate(right(email), { clientIp: "198.51.100.30" }, deps)).toMatchObject({ ok: true });
  });

  it("carries the user's session version into the sign-in", async () => {
    const deps = fresh(getDb());
    const email = await newAccount(getDb());
    await getDb().user.update({ where: { email }, data: { sessionVersion: 7 } });
    expect(await authenticate(right(email), { clientIp: "198.51.100.40" }, deps)).toMatchObject({ ok: true, user: { email, sessionVersion: 7 } });
  });
});
