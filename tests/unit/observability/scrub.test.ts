import { describe, expect, it } from "vitest";
import { generateLicenseKey } from "@/lib/licenses/key";
import { errorForLog, scrubSecrets } from "@/lib/observability/scrub";

const KEY = generateLicenseKey();
const LAST = KEY.slice(-5);
const MASKED = `CP-*****-*****-*****-*****-${LAST}`;

describe("scrubSecrets", () => {
  it.each([
    ["a full key, masked to its last group", `no such key ${KEY}`, `no such key ${MASKED}`],
    ["a key in lower case with spaces", `key ${KEY.toLowerCase().replaceAll("-", " ")} refused`, `key ${MASKED} refused`],
    ["a mistyped key (wrong check character), masked whole", "CP-ABCDE-FGHJK-MNPQR-STVWX-YZ01Z", "CP-*****-*****-*****-*****-*****"],
    ["an email address", "550 <bob.smith+shop@example.co.uk>: unknown user", "550 <[email]>: unknown user"],
    ["a token in a query string", "GET /reset-password?token=abc_DEF-123&x=1", "GET /reset-password?token=[redacted]&x=1"],
    ["a quoted password", '{"password": "hunter2"}', '{"password": "[redacted]"}'],
    ["plain text", "connect ECONNREFUSED 127.0.0.1:5432", "connect ECONNREFUSED 127.0.0.1:5432"],
  ])("%s", (_label, text, expected) => {
    expect(scrubSecrets(text)).toBe(expected);
  });
});

describe("errorForLog", () => {
  it("keeps the type and code and scrubs the message and the stack", () => {
    const error = Object.assign(new TypeError(`Invalid value for ${KEY} of ann@example.com`), { code: "P2025" });
    const logged = errorForLog(error);
    expect(logged).toMatchObject({ type: "TypeError", code: "P2025", message: `Invalid value for ${MASKED} of [email]` });
    expect(logged.stack).toContain("TypeError: Invalid value for CP-*****");
    expect(JSON.stringify(logged)).not.toContain(KEY);
  });

  it("writes a thrown non-error as text", () => {
    expect(errorForLog(`bad ${KEY}`)).toEqual({ type: "string", message: `bad ${MASKED}` });
  });
});
