// Every message renders from its React template into a subject, HTML and plain text that agree;
// links are absolute on the store's public address; what a customer typed is escaped.
import { describe, expect, it } from "vitest";
import { renderEmail, type EmailContent } from "../../../emails";

const context = { storeName: "Acme Plugins", baseUrl: "https://store.example.com" };
const key = { id: "lic_1", productName: "Pro Forms", key: "CP-ABCD-EFGH-JKLM-NPQR", maxActivations: 5, expiresAt: new Date("2027-11-30T00:00:00Z") };
const lifetime = { ...key, id: "lic_2", key: "CP-ZZZZ-YYYY-XXXX-WWWW", maxActivations: 0, expiresAt: null };

const EXAMPLES: EmailContent[] = [
  {
    kind: "receipt",
    orderId: "ord_1",
    customerName: "Casey",
    paidAt: new Date("2026-11-30T10:00:00Z"),
    amountCents: 9800,
    currency: "usd",
    lines: [{ productName: "Pro Forms", quantity: 2, unitPriceCents: 4900 }],
    licenses: [key, lifetime],
  },
  { kind: "license_revoked", reason: "Refunded", licenses: [{ id: "lic_1", productName: "Pro Forms", maskedKey: "CP-ABCD-…-NPQR" }] },
  { kind: "license_replaced", replacement: key, originalMaskedKey: "CP-OLD0-…-KEY0" },
  { kind: "password_reset", resetUrl: "https://store.example.com/reset-password?token=abc", expiresInMinutes: 60 },
  { kind: "password_changed", how: "reset" },
  { kind: "verify_email", verifyUrl: "https://store.example.com/verify-email?token=abc", expiresInHours: 24 },
  { kind: "account_exists" },
  { kind: "owner_new_order", orderId: "ord_1", customerEmail: "c@example.com", amountCents: 4900, currency: "usd", provider: "stripe", lines: [{ productName: "Pro Forms", quantity: 1 }] },
  { kind: "owner_dispute", orderId: "ord_1", customerEmail: "c@example.com", amountCents: 4900, currency: "usd", revokedKeys: 2 },
  { kind: "owner_refund_review", orderId: "ord_1", customerEmail: "c@example.com", refundedCents: 1000, currency: "usd" },
];

describe("email templates", () => {
  it.each(EXAMPLES.map((content) => [content.kind, content] as const))("%s renders a subject, HTML and text with absolute links only", async (_kind, content) => {
    const email = await renderEmail(content, context);
    expect(email.subject.length).toBeGreaterThan(5);
    expect(email.html).toMatch(/^<!DOCTYPE html/);
    expect(email.html).toContain("Acme Plugins");
    expect(email.text).toContain("Acme Plugins");
    const hrefs = [...email.html.matchAll(/href="([^"]*)"/g)].map((match) => match[1]);
    expect(hrefs.length).toBeGreaterThan(0);
    for (const href of hrefs) expect(href).toMatch(/^https:\/\/store\.example\.com(\/|$)/);
  });

  it("the receipt lists every key with its sites and expiry, in both parts", async () => {
    const email = await renderEmail(EXAMPLES[0]!, context);
    for (const part of [email.html, email.text]) {
      expect(part).toContain("CP-ABCD-EFGH-JKLM-NPQR");
      expect(part).toContain("CP-ZZZZ-YYYY-XXXX-WWWW");
      expect(part).toContain("5 sites");
      expect(part).toContain("Unlimited sites");
      expect(part).toContain("Expires Nov 30, 2027");
      expect(part).toContain("Lifetime");
    }
    expect(email.text).toContain("https://store.example.com/account/licenses");
    expect(email.subject).toBe("Your Acme Plugins receipt and license keys");
  });

  it("a renewal's receipt says the same key was renewed until when; an upgrade's names the new product", async () => {
    const receipt = EXAMPLES[0] as Extract<EmailContent, { kind: "receipt" }>;
    const renewal = await renderEmail(
      { ...receipt, lines: [{ productName: "Pro Forms", quantity: 1, unitPriceCents: 7400, kind: "renewal" }], licenses: [{ ...key, change: "renewed" }] },
      context,
    );
    expect(renewal.subject).toBe("Your Acme Plugins receipt: license renewed");
    for (const part of [renewal.html, renewal.text]) {
      expect(part).toContain("renewed until Nov 30, 2027");
      expect(part).toContain("CP-ABCD-EFGH-JKLM-NPQR");
    }
    expect(renewal.text).toContain("1 × renewal of Pro Forms");
    const upgrade = await renderEmail(
      { ...receipt, lines: [{ productName: "Pro Forms", quantity: 1, unitPriceCents: 5000, kind: "upgrade" }], licenses: [{ ...key, change: "upgraded" }] },
      context,
    );
    expect(upgrade.subject).toBe("Your Acme Plugins receipt: license upgraded");
    expect(upgrade.text).toContain("your key was upgraded to Pro Forms");
  });

  it("a paid renewal that could not be applied says so instead of announcing keys", async () => {
    const receipt = EXAMPLES[0] as Extract<EmailContent, { kind: "receipt" }>;
    const email = await renderEmail({ ...receipt, licenses: [], unapplied: [{ kind: "renewal", productName: "Pro Forms" }] }, context);
    expect(email.subject).toBe("Your Acme Plugins receipt");
    expect(email.text).toContain("the renewal of Pro Forms could not be applied");
    expect(email.text).not.toContain("are ready");
  });

  it("the revoke notice carries the reason", async () => {
    const email = await renderEmail(EXAMPLES[1]!, context);
    expect(email.text).toContain("Reason: Refunded");
    expect(email.subject).toBe("Your Pro Forms license key was revoked");
  });

  it("escapes what customers and owners typed", async () => {
    const email = await renderEmail({ ...(EXAMPLES[0] as Extract<EmailContent, { kind: "receipt" }>), customerName: '<img src=x onerror="alert(1)">' }, context);
    expect(email.html).not.toContain("<img src=x");
    expect(email.html).toContain("&lt;img src=x");
  });
});
