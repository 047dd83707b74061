// Verified addresses, on both databases. Sign-up queues a confirmation link (a taken address gets
// "account exists" instead); the link confirms only by its POST, once, while the address is the
// one it was sent to; "Resend the link" is rate-limited. And the rule it exists for: an account
// registered with someone else's address sees the keys it bought, never the keys the owner issued
// to that address, in any customer-facing read, until the address is confirmed (or reset).
import { expect, it } from "vitest";
import type { Db } from "../../../lib/db";
import { getEnv } from "../../../lib/env";
import { createRateLimiter } from "../../../lib/http/rate-limit";
import { deactivateActivationForCustomer } from "../../../lib/licenses/deactivate-license-activation";
import { listLicenses } from "../../../lib/licenses/list-licenses";
import { findLicenseForUser, visibleToCustomer } from "../../../lib/licenses/queries";
import { replaceLicense } from "../../../lib/licenses/replace-license";
import { findCustomerDownload, listCustomerDownloads } from "../../../lib/releases/customer-downloads";
import { confirmEmail, resendVerificationEmail, VERIFY_EMAIL_TTL_MS } from "../../../lib/users/email-verification";
import { registerUser } from "../../../lib/users/register-user";
import { requestPasswordReset } from "../../../lib/users/request-password-reset";
import { resetPassword } from "../../../lib/users/reset-password";
import { createPaidOrder, createProduct, issueTestLicense, unique, uniqueDomain } from "../../helpers/factories";
import { publishTestRelease } from "../../helpers/releases";
import { describeEachDatabase } from "../../helpers/test-databases";

const linkToken = (text: string, path: string) => {
  const token = new RegExp(`${path}\\?token=([A-Za-z0-9_-]+)`).exec(text)?.[1];
  if (!token) throw new Error(`no ${path} link in: ${text}`);
  return token;
};

async function signUp(db: Db, email = `signup-${unique()}@example.com`) {
  const result = await registerUser(db, { email, password: "squatters-pass", name: "Squatter" });
  if (result.outcome !== "created") throw new Error("the sign-up did not create an account");
  return { id: result.userId, email };
}

/** The token of the newest confirmation link mailed to `email`. */
async function confirmationToken(db: Db, email: string): Promise<string> {
  const message = await db.emailMessage.findFirst({ where: { recipient: email, kind: "verify_email" }, orderBy: [{ createdAt: "desc" }, { id: "desc" }] });
  return linkToken(message?.text ?? "", "/verify-email");
}

/** Every customer-facing read of keys, as the ids each one shows `userId`. */
async function whatTheCustomerSees(db: Db, userId: string, keyIds: string[]) {
  const now = new Date();
  const list = await listLicenses(db, { filter: { visibleTo: userId }, include: {} });
  const pages = await Promise.all(keyIds.map((licenseId) => findLicenseForUser(db, { licenseId, userId })));
  const downloads = await listCustomerDownloads(db, userId, { now, includeBeta: false });
  const release = await db.release.findFirstOrThrow({ where: { status: "published" }, orderBy: { createdAt: "desc" } });
  const downloadRoute = await Promise.all(
    keyIds.map(async (licenseId) => ((await findCustomerDownload(db, { userId, licenseId, releaseId: release.id, now })).ok ? licenseId : null)),
  );
  return {
    list: list.items.map((license) => license.id).sort(),
    keyPages: pages.flatMap((license) => (license ? [license.id] : [])).sort(),
    downloads: downloads.map((entry) => entry.license.id).sort(),
    downloadRoute: downloadRoute.filter((id): id is string => id !== null).sort(),
    overviewCount: await db.license.count({ where: visibleToCustomer(userId) }),
  };
}

describeEachDatabase("verified addresses", (getDb) => {
  it("sign-up queues a sensitive 24-hour confirmation link; a taken address gets 'account exists' and no link", async () => {
    const now = Date.now();
    const account = await signUp(getDb());
    const [message] = await getDb().emailMessage.findMany({ where: { recipient: account.email } });
    expect(message).toMatchObject({ kind: "verify_email", userId: account.id, sensitive: true });
    expect(message?.text).toContain(`${getEnv().publicUrl}/verify-email?token=`);
    expect(message?.expiresAt?.getTime()).toBeGreaterThanOrEqual(now + VERIFY_EMAIL_TTL_MS);
    const [token] = await getDb().userToken.findMany({ where: { userId: account.id } });
    expect(token).toMatchObject({ purpose: "verify_email", email: account.email, usedAt: null });

    expect(await registerUser(getDb(), { email: account.email, password: "someone-elses", name: "Other" })).toEqual({ outcome: "email_taken" });
    const messages = await getDb().emailMessage.findMany({ where: { recipient: account.email }, orderBy: { createdAt: "asc" } });
    expect(messages.map((m) => m.kind)).toEqual(["verify_email", "account_exists"]);
    expect(await getDb().userToken.count({ where: { userId: account.id } })).toBe(1);
  });

  it("an unverified account sees the keys it bought (and their replacements), not the owner's keys for its address, until it confirms", async () => {
    // Someone registers the real customer's address; the owner then issues keys to "that customer".
    const squatter = await signUp(getDb());
    const customer = await getDb().user.findUniqueOrThrow({ where: { id: squatter.id } });
    const product = await createProduct(getDb(), { maxActivations: 2 });
    await publishTestRelease(getDb(), { product, version: "1.0.0" });
    const { license: ownerKey } = await issueTestLicense(getDb(), { customer, product });
    const { item } = await createPaidOrder(getDb(), customer, product);
    const { license: bought } = await issueTestLicense(getDb(), { customer, product, orderItemId: item.id });
    const replaced = await replaceLicense(getDb(), { licenseId: bought.id, actor: "test" });
    if (replaced.outcome !== "replaced") throw new Error("the bought key was not replaced");
    const replacement = replaced.replacement;
    const all = [ownerKey.id, bought.id, replacement.id];
    const own = [bought.id, replacement.id].sort();

    const before = await whatTheCustomerSees(getDb(), squatter.id, all);
    expect(before).toEqual({ list: own, keyPages: own, downloads: own, downloadRoute: [replacement.id], overviewCount: 2 });
    // Nor can it touch the hidden key's activations.
    const domain = uniqueDomain("hidden");
    const activation = await getDb().activation.create({ data: { licenseId: ownerKey.id, environment: domain, kind: "domain", rawValue: domain } });
    expect(await deactivateActivationForCustomer(getDb(), { userId: squatter.id, licenseId: ownerKey.id, activationId: activation.id })).toEqual({
      outcome: "not_found",
    });

    expect(await confirmEmail(getDb(), { token: await confirmationToken(getDb(), squatter.email) })).toEqual({ outcome: "confirmed" });
    const after = await whatTheCustomerSees(getDb(), squatter.id, all);
    const everything = [...all].sort();
    expect(after).toEqual({ list: everything, keyPages: everything, downloads: everything, downloadRoute: [ownerKey.id, replacement.id].sort(), overviewCount: 3 });
  });

  it("a password reset proves the address too: the real owner takes the account back and sees the keys", async () => {
    const squatter = await signUp(getDb());
    const customer = await getDb().user.findUniqueOrThrow({ where: { id: squatter.id } });
    const { license } = await issueTestLicense(getDb(), { customer });
    expect(await findLicenseForUser(getDb(), { licenseId: license.id, userId: squatter.id })).toBeNull();

    await requestPasswordReset(getDb(), { email: squatter.email });
    const reset = await getDb().emailMessage.findFirstOrThrow({ where: { recipient: squatter.email, kind: "password_reset" } });
    expect(await resetPassword(getDb(), { token: linkToken(reset.text, "/reset-password"), newPassword: "the-real-owner" })).toEqual({ outcome: "reset" });
    expect((await findLicenseForUser(getDb(), { licenseId: license.id, userId: squatter.id }))?.id).toBe(license.id);
  });

  it("a confirmation link works once, not after 24 hours, not tampered, not for a reset, not for a changed address", async () => {
    const account = await signUp(getDb());
    const token = await confirmationToken(getDb(), account.email);
    expect(await confirmEmail(getDb(), { token: token.slice(0, -2) + (token.endsWith("AA") ? "BB" : "AA") })).toEqual({ outcome: "refused", reason: "invalid" });
    expect(await resetPassword(getDb(), { token, newPassword: "not-with-this" })).toEqual({ outcome: "refused", reason: "invalid" });
    expect(await confirmEmail(getDb(), { token, now: new Date(Date.now() + VERIFY_EMAIL_TTL_MS + 1000) })).toEqual({ outcome: "refused", reason: "expired" });
    expect((await getDb().user.findUniqueOrThrow({ where: { id: account.id } })).emailVerifiedAt).toBeNull();

    expect(await confirmEmail(getDb(), { token })).toEqual({ outcome: "confirmed" });
    expect((await getDb().user.findUniqueOrThrow({ where: { id: account.id } })).emailVerifiedAt).toBeInstanceOf(Date);
    expect(await confirmEmail(getDb(), { token })).toEqual({ outcome: "refused", reason: "used" });

    const moved = await signUp(getDb());
    const movedToken = await confirmationToken(getDb(), moved.email);
    await getDb().user.update({ where: { id: moved.id }, data: { email: `moved-${unique()}@example.com` } });
    expect(await confirmEmail(getDb(), { token: movedToken })).toEqual({ outcome: "refused", reason: "address_changed" });
    expect((await getDb().user.findUniqueOrThrow({ where: { id: moved.id } })).emailVerifiedAt).toBeNull();
  });

  it("'Resend the link' is rate-limited per account, and does nothing for a verified one", async () => {
    const account = await signUp(getDb());
    const limiter = createRateLimiter(`test-resend-${unique()}`, 3, 3600);
    const outcomes = [];
    for (let i = 0; i < 5; i++) outcomes.push((await resendVerificationEmail(getDb(), { userId: account.id }, limiter)).outcome);
    expect(outcomes).toEqual(["sent", "sent", "sent", "throttled", "throttled"]);
    expect(await getDb().emailMessage.count({ where: { recipient: account.email, kind: "verify_email" } })).toBe(4);

    // Each resent link works (the newest here).
    expect(await confirmEmail(getDb(), { token: await confirmationToken(getDb(), account.email) })).toEqual({ outcome: "confirmed" });
    const other = createRateLimiter(`test-resend-${unique()}`, 3, 3600);
    expect(await resendVerificationEmail(getDb(), { userId: account.id }, other)).toEqual({ outcome: "already_verified" });
    expect(await getDb().emailMessage.count({ where: { recipient: account.email, kind: "verify_email" } })).toBe(4);
  });
});
