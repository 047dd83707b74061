// The renewal reminder: its words before and after expiry, the masked key only, the sites in use,
// the renewal price and a Renew button to the key's page on the store's public address.
import { describe, expect, it } from "vitest";
import { renderEmail, type EmailContent } from "../../../emails";

const context = { storeName: "Acme Plugins", baseUrl: "https://store.example.com" };
type Reminder = Extract<EmailContent, { kind: "renewal_reminder" }>;
const before: Reminder = {
  kind: "renewal_reminder",
  licenseId: "lic_1",
  productName: "Pro Forms",
  maskedKey: "CP-*****-*****-*****-*****-NPQRS",
  expiresAt: new Date("2027-11-30T00:00:00Z"),
  when: "before",
  days: 7,
  activeSites: 3,
  renewal: { priceCents: 3920, currency: "usd", termDays: 365, discountPercent: 20 },
};

describe("renewal reminder email", () => {
  it("before expiry: how many days, the date, the masked key, sites, price and the key's page", async () => {
    const email = await renderEmail(before, context);
    expect(email.subject).toBe("Your Pro Forms license expires in 7 days");
    for (const part of [email.html, email.text]) {
      expect(part).toContain("expires in 7 days (on Nov 30, 2027)");
      expect(part).toContain("CP-*****-*****-*****-*****-NPQRS");
      expect(part).toContain("active on 3 sites");
      expect(part).toContain("$39.20");
      expect(part).toContain("1 year");
      expect(part).toContain("20% off");
      expect(part).toContain("https://store.example.com/account/licenses/lic_1");
    }
    expect(email.html).toContain("Renew your license");
    const hrefs = [...email.html.matchAll(/href="([^"]*)"/g)].map((match) => match[1]);
    for (const href of hrefs) expect(href).toMatch(/^https:\/\/store\.example\.com(\/|$)/);
  });

  it("after expiry: how long ago; one day and one site in the singular; no discount line without one", async () => {
    const email = await renderEmail({ ...before, when: "after", days: 1, activeSites: 1, renewal: { ...before.renewal, priceCents: 4900, discountPercent: 0 } }, context);
    expect(email.subject).toBe("Your Pro Forms license has expired");
    expect(email.text).toContain("expired 1 day ago (on Nov 30, 2027)");
    expect(email.text).toContain("active on 1 site.");
    expect(email.text).toContain("$49.00 for 1 year.");
    expect(email.text).not.toContain("% off");
  });

  it("a step earlier than the renewal window says when renewal opens", async () => {
    const email = await renderEmail({ ...before, days: 90, renewal: { ...before.renewal, opensAt: new Date("2027-10-01T00:00:00Z") } }, context);
    expect(email.text).toContain("Renewal opens on Oct 1, 2027");
  });

  it("escapes the product's name", async () => {
    const email = await renderEmail({ ...before, productName: "<b>Forms</b>" }, context);
    expect(email.html).not.toContain("<b>Forms</b>");
    expect(email.html).toContain("&lt;b&gt;Forms&lt;/b&gt;");
  });
});
