// REMINDER_INTERVAL_MS: how often each instance runs a pass of expiry reminders. A bad value stops
// start-up with a message naming the variable.
import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "../../../lib/env";

describe("REMINDER_INTERVAL_MS", () => {
  it("defaults to 15 minutes and takes whole milliseconds from 1 s to 1 day", () => {
    expect(parseEnv({}).REMINDER_INTERVAL_MS).toBe(900_000);
    expect(parseEnv({ REMINDER_INTERVAL_MS: "60000" }).REMINDER_INTERVAL_MS).toBe(60_000);
    expect(parseEnv({ REMINDER_INTERVAL_MS: "1000" }).REMINDER_INTERVAL_MS).toBe(1000);
    expect(parseEnv({ REMINDER_INTERVAL_MS: "86400000" }).REMINDER_INTERVAL_MS).toBe(86_400_000);
  });

  it.each(["0", "999", "86400001", "1.5", "soon"])("refuses %s", (value) => {
    expect(() => parseEnv({ REMINDER_INTERVAL_MS: value })).toThrow(EnvError);
    expect(() => parseEnv({ REMINDER_INTERVAL_MS: value })).toThrow(/REMINDER_INTERVAL_MS/);
  });
});
