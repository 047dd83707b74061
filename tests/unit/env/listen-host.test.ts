// Demo mode publishes its admin password, so it listens on this machine only unless HOST says
// otherwise; production listens everywhere by default (it runs behind a proxy or a firewall).
import { describe, expect, it } from "vitest";
import { parseEnv } from "../../../lib/env";

const PRODUCTION = { STORE_MODE: "production", NEXTAUTH_SECRET: "x".repeat(32) };

describe("listenHost", () => {
  it.each([
    ["demo, no HOST", { STORE_MODE: "demo" }, "127.0.0.1"],
    ["demo by default (no NODE_ENV)", {}, "127.0.0.1"],
    ["demo, HOST=0.0.0.0", { STORE_MODE: "demo", HOST: "0.0.0.0" }, "0.0.0.0"],
    ["demo, HOST=::", { STORE_MODE: "demo", HOST: "::" }, "::"],
    ["production, no HOST", PRODUCTION, undefined],
    ["production by NODE_ENV", { NODE_ENV: "production", NEXTAUTH_SECRET: "x".repeat(32) }, undefined],
    ["production, HOST=127.0.0.1", { ...PRODUCTION, HOST: "127.0.0.1" }, "127.0.0.1"],
  ])("%s → %s", (_name, raw, expected) => {
    expect(parseEnv(raw).listenHost).toBe(expected);
  });
});
