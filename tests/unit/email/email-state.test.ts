// How a message's state reads in Admin → Emails: the stored status, plus what it hides (a message
// past its expiry will never go out; without SMTP a pending one is kept on purpose).
import { describe, expect, it } from "vitest";
import { parseAdminEmailFilters } from "../../../lib/admin/email-filters";
import { adminRevokeFormSchema } from "../../../lib/admin/revoke-form";
import { describeEmailState } from "../../../lib/email/list-messages";

const now = new Date("2026-06-01T12:00:00Z");
const later = new Date("2026-06-02T12:00:00Z");
const earlier = new Date("2026-05-31T12:00:00Z");

describe("describeEmailState", () => {
  it.each([
    ["sent", later, null, true, "sent"],
    ["sent", earlier, null, false, "sent"],
    ["failed", later, "550: No such user", true, "failed"],
    ["failed", earlier, "Expired before it could be sent", true, "expired"],
    ["pending", later, null, true, "pending"],
    ["pending", later, "ECONNREFUSED: connect", true, "pending"],
    ["pending", later, null, false, "not sent: email not configured"],
    ["pending", earlier, null, false, "expired"],
    ["pending", earlier, null, true, "expired"],
    ["sending", later, null, true, "sending"],
  ] as const)("%s, expiring %s, error %s, SMTP %s → %s", (status, expiresAt, lastError, emailConfigured, label) => {
    expect(describeEmailState({ status, expiresAt, lastError }, { emailConfigured, now }).label).toBe(label);
  });
});

describe("the Admin → Emails filters (a URL is user input)", () => {
  it.each([
    [{}, { q: undefined, status: undefined, cursor: undefined }],
    [{ q: "  jane@  ", status: "failed" }, { q: "jane@", status: "failed", cursor: undefined }],
    [{ status: "bogus", q: ["a@b", "c@d"] }, { q: "a@b", status: undefined, cursor: undefined }],
    [{ q: "x".repeat(300) }, { q: undefined, status: undefined, cursor: undefined }],
  ])("%j → %j", (input, expected) => {
    expect(parseAdminEmailFilters(input)).toEqual(expected);
  });
});

describe("the Revoke dialog's checkbox", () => {
  it.each([
    [{ notifyCustomer: "on" }, true],
    [{}, false],
    [{ notifyCustomer: "off" }, false],
  ])("%j → notifyCustomer %s", (fields, expected) => {
    expect(adminRevokeFormSchema.parse({ licenseId: "abc", ...fields }).notifyCustomer).toBe(expected);
  });
});
