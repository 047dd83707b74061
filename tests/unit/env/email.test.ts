// Email settings are read once at start-up: a bad SMTP_URL or notify address stops the store with
// a message naming the variable, instead of failing at the first message.
import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "../../../lib/env";

describe("email settings", () => {
  it("defaults: nothing sent, From made from the store's name and address, notices to every admin", () => {
    const env = parseEnv({ NEXTAUTH_URL: "https://shop.example.com" });
    expect(env.SMTP_URL).toBeUndefined();
    expect(env.emailFrom).toBe('"CP Store" <no-reply@shop.example.com>');
    expect(env.notifyEmails).toEqual([]);
    expect(env.EMAIL_POLL_MS).toBe(1000);
  });

  it("takes SMTP_URL, EMAIL_FROM, STORE_NAME and a list of owner addresses", () => {
    const env = parseEnv({
      SMTP_URL: "smtps://user:p%40ss@smtp.example.com:465",
      EMAIL_FROM: "Acme <sales@acme.test>",
      STORE_NAME: 'Acme "Plugins"',
      STORE_NOTIFY_EMAIL: " Owner@Acme.test, ops@acme.test ",
    });
    expect(env.SMTP_URL).toBe("smtps://user:p%40ss@smtp.example.com:465");
    expect(env.emailFrom).toBe("Acme <sales@acme.test>");
    expect(env.notifyEmails).toEqual(["owner@acme.test", "ops@acme.test"]);
    expect(parseEnv({ STORE_NAME: 'Acme "Plugins"' }).emailFrom).toBe('"Acme Plugins" <no-reply@localhost>');
  });

  it.each([
    [{ SMTP_URL: "http://smtp.example.com" }, "SMTP_URL"],
    [{ SMTP_URL: "not a url" }, "SMTP_URL"],
    [{ STORE_NOTIFY_EMAIL: "owner@acme.test, nobody" }, "STORE_NOTIFY_EMAIL"],
    [{ EMAIL_POLL_MS: "5" }, "EMAIL_POLL_MS"],
  ])("refuses %j naming %s", (raw, name) => {
    expect(() => parseEnv(raw)).toThrow(EnvError);
    expect(() => parseEnv(raw)).toThrow(name);
  });
});
