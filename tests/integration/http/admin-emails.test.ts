// Admin → Emails over HTTP on the real server (no SMTP_URL: the demo's "kept, not sent"): only
// admins see the list, a message or its preview, or may resend; the banner says email is not
// configured; the preview is served sandboxed; and the Revoke dialog's "Notify the customer".
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../../lib/db";
import { queueEmail } from "../../../lib/email/outbox";
import { serverActions } from "../../helpers/app-routes";
import { issueTestLicense, unique } from "../../helpers/factories";
import { createAccount, signInOverHttp } from "../../helpers/sessions";
import { startStoreServer, storeServerForFile, type StoreServer } from "../../helpers/store-server";
import { openTestDatabase, type TestDatabase } from "../../helpers/test-databases";

const store = storeServerForFile();
const BANNER = "Email is not configured: messages are kept here, not sent";

let admin = "";
let customer = "";
let message = { id: "", subject: "", html: "" };
beforeAll(async () => {
  admin = await signInOverHttp(store.server().url, await createAccount(store.db(), "ADMIN"));
  customer = await signInOverHttp(store.server().url, await createAccount(store.db(), "CUSTOMER"));
  message = await queueFailedMessage(store.db());
});

/** A message as the sender leaves one that failed for good. */
async function queueFailedMessage(db: Db) {
  const productName = `Preview <b>${unique()}</b>`;
  const id = await db.$transaction((tx) =>
    queueEmail(tx, {
      to: `someone-${unique()}@example.org`,
      content: { kind: "license_revoked", reason: "<script>alert(1)</script>", licenses: [{ id: "x", productName, maskedKey: "CP-*****-AAAAA" }] },
    }),
  );
  const row = await db.emailMessage.update({ where: { id }, data: { status: "failed", attempts: 1, lastError: "550: No such user" } });
  return { id, subject: row.subject, html: row.html };
}

const get = (path: string, cookie?: string) => fetch(store.server().url + path, { redirect: "manual", headers: cookie ? { Cookie: cookie } : {} });

/** Calls a server action the way its form does (React's reply encoding: `$K1` is the form, fields prefixed `_1_`). */
async function callAction(name: string, page: string, fields: Record<string, string>, cookie: string) {
  const action = serverActions(store.server().distDir).find((a) => a.name === name);
  if (!action) throw new Error(`no action ${name} in the build`);
  const form = new FormData();
  // The form's fields first, as React writes them: the root ("0") is decoded as soon as it arrives.
  for (const [field, value] of Object.entries(fields)) form.append(`_1_${field}`, value);
  form.append("0", JSON.stringify([{}, "$K1"]));
  const response = await fetch(store.server().url + page, {
    method: "POST",
    redirect: "manual",
    headers: { "Next-Action": action.id, Accept: "text/x-component", Cookie: cookie },
    body: form,
  });
  return { status: response.status, body: await response.text() };
}

describe("who may see and act", () => {
  it("sends a visitor to sign in and answers a customer 403 on the list, a message and its preview", async () => {
    for (const path of ["/admin/emails", `/admin/emails/${message.id}`]) {
      // The admin layout answers a signed-out visitor with its sign-in fallback, and none of the page.
      const anonymous = await (await get(path)).text();
      expect(anonymous, path).toContain("/sign-in?callbackUrl=");
      expect(anonymous, path).not.toContain(message.subject);
      const forCustomer = await get(path, customer);
      expect(forCustomer.status, path).toBe(403);
      expect(await forCustomer.text(), path).not.toContain(message.subject);
    }
    const anonymousPreview = await get(`/admin/emails/${message.id}/preview`);
    expect(anonymousPreview.status).toBe(401);
    expect(await anonymousPreview.json()).toMatchObject({ error: { code: "UNAUTHORIZED" } });
    const forCustomer = await get(`/admin/emails/${message.id}/preview`, customer);
    expect(forCustomer.status).toBe(403);
    const refusal = await forCustomer.text();
    expect(JSON.parse(refusal)).toMatchObject({ error: { code: "FORBIDDEN" } });
    expect(refusal).not.toContain(message.subject);
  });

  it("refuses a customer the resend action with 403, changing nothing", async () => {
    const answer = await callAction("resendEmailAction", `/admin/emails/${message.id}`, { messageId: message.id }, customer);
    expect(answer.status).toBe(403);
    expect(await store.db().emailMessage.findUniqueOrThrow({ where: { id: message.id } })).toMatchObject({ status: "failed", attempts: 1 });
  });
});

describe("for an admin", () => {
  it("lists the message with its state, under the not-configured banner", async () => {
    const response = await get("/admin/emails", admin);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain(BANNER);
    expect(html).toContain("SMTP_URL");
    expect(html).toContain("EMAIL_FROM");
    expect(html).toContain(`/admin/emails/${message.id}`);
    expect(html).toContain("550: No such user");
    const filtered = await (await get(`/admin/emails?status=sent`, admin)).text();
    expect(filtered).not.toContain(`/admin/emails/${message.id}`);
  });

  it("serves the preview sandboxed: a sandbox CSP that loads nothing, framed by the store only", async () => {
    const page = await (await get(`/admin/emails/${message.id}`, admin)).text();
    expect(page).toMatch(new RegExp(`<iframe[^>]*src="/admin/emails/${message.id}/preview"[^>]*sandbox=""|<iframe[^>]*sandbox=""[^>]*src="/admin/emails/${message.id}/preview"`));
    const preview = await get(`/admin/emails/${message.id}/preview`, admin);
    expect(preview.status).toBe(200);
    expect(preview.headers.get("content-type")).toBe("text/html; charset=utf-8");
    const policy = (preview.headers.get("content-security-policy") ?? "").split(/;\s*/);
    expect(policy).toEqual(expect.arrayContaining(["sandbox", "default-src 'none'", "style-src 'unsafe-inline'", "img-src data:", "frame-ancestors 'self'"]));
    expect(policy.join(";")).not.toMatch(/script-src|nonce/);
    expect(preview.headers.get("x-frame-options")).toBe("SAMEORIGIN");
    expect(preview.headers.get("cache-control")).toContain("no-store");
    const body = await preview.text();
    expect(body).toBe(message.html);
    expect(body).not.toContain("<script>alert(1)</script>"); // the template escaped it; the sandbox is the second wall
    // Every other page may still be framed by no one.
    expect((await get(`/admin/emails/${message.id}`, admin)).headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
  });

  it("resends a failed message: pending again, attempts zero, audited", async () => {
    const answer = await callAction("resendEmailAction", `/admin/emails/${message.id}`, { messageId: message.id }, admin);
    expect(answer.status).toBe(200);
    expect(answer.body).toContain("Queued again");
    expect(await store.db().emailMessage.findUniqueOrThrow({ where: { id: message.id } })).toMatchObject({ status: "pending", attempts: 0, lastError: null });
    expect(await store.db().auditEvent.count({ where: { action: "email.resent", subject: `email:${message.id}` } })).toBe(1);
    const again = await callAction("resendEmailAction", `/admin/emails/${message.id}`, { messageId: message.id }, admin);
    expect(again.body).toContain("Only a failed message can be resent");
    const page = await (await get(`/admin/emails/${message.id}`, admin)).text();
    expect(page).toContain("not sent: email not configured");
  });

  it("refuses to resend a message whose one-time link was cleared", async () => {
    const sensitive = await queueFailedMessage(store.db());
    await store.db().emailMessage.update({ where: { id: sensitive.id }, data: { sensitive: true } });
    const answer = await callAction("resendEmailAction", `/admin/emails/${sensitive.id}`, { messageId: sensitive.id }, admin);
    expect(answer.body).toContain("This message held a one-time link; ask the customer to request a new one");
    expect((await store.db().emailMessage.findUniqueOrThrow({ where: { id: sensitive.id } })).status).toBe("failed");
  });

  it("shows no email banner on the overview in demo mode (unsent email is expected there)", async () => {
    expect(await (await get("/admin", admin)).text()).not.toContain("Email is not configured");
  });
});

describe("the Revoke dialog's 'Notify the customer'", () => {
  it("is ticked by default, and revoking with it unticked queues nothing", async () => {
    const silent = await issueTestLicense(store.db());
    const page = await (await get(`/admin/licenses/${silent.license.id}`, admin)).text();
    expect(page).toMatch(/<input type="checkbox"[^>]*name="notifyCustomer"[^>]*checked=""/);
    const unticked = await callAction("revokeLicenseAction", `/admin/licenses/${silent.license.id}`, { licenseId: silent.license.id, reason: "Quiet" }, admin);
    expect(unticked.status).toBe(200);
    expect((await store.db().license.findUniqueOrThrow({ where: { id: silent.license.id } })).revokedAt).not.toBeNull();
    expect(await store.db().emailMessage.count({ where: { recipient: silent.customer.email } })).toBe(0);

    const notified = await issueTestLicense(store.db());
    await callAction("revokeLicenseAction", `/admin/licenses/${notified.license.id}`, { licenseId: notified.license.id, reason: "Loud", notifyCustomer: "on" }, admin);
    const queued = await store.db().emailMessage.findFirstOrThrow({ where: { recipient: notified.customer.email } });
    expect(queued).toMatchObject({ kind: "license_revoked", status: "pending" });
    expect(queued.text).toContain("Loud");
  });
});

describe("a production store without SMTP", () => {
  let database: TestDatabase | undefined;
  let server: StoreServer | undefined;
  beforeAll(async () => {
    database = await openTestDatabase("sqlite");
    server = await startStoreServer({ databaseUrl: database.url, env: { STORE_MODE: "production" } });
  });
  afterAll(async () => {
    await server?.stop();
    await database?.close();
  });

  it("says so on the Admin overview, linking to Admin → Emails", async () => {
    const cookie = await signInOverHttp(server!.url, await createAccount(database!.db, "ADMIN"));
    const html = await (await fetch(`${server!.url}/admin`, { headers: { Cookie: cookie } })).text();
    expect(html).toContain("Email is not configured:");
    expect(html).toContain('href="/admin/emails"');
  });
});
