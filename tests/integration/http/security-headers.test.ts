// The headers every answer carries: a nonce-based Content-Security-Policy that Next.js's own
// scripts satisfy, no sniffing, no framing, a referrer policy that keeps tokens in URLs private,
// a permissions policy, and HSTS when the store is served over https. The lean license answers
// keep their own headers.
import { describe, expect, it } from "vitest";
import { requestRawPath } from "../../helpers/raw-http";
import { storeServerForFile } from "../../helpers/store-server";

const store = storeServerForFile();
const httpsStore = storeServerForFile({ env: { NEXTAUTH_URL: "https://store.test" } });

async function page(path: string, headers: Record<string, string> = {}) {
  const response = await fetch(store.server().url + path, { headers, redirect: "manual" });
  return { headers: response.headers, html: await response.text() };
}

const nonceOf = (policy: string | null) => /script-src [^;]*'nonce-([A-Za-z0-9+/=]+)'/.exec(policy ?? "")?.[1];

describe("pages", () => {
  it("allow scripts only with this answer's nonce, and Next.js puts it on every script it renders", async () => {
    const { headers, html } = await page("/");
    const policy = headers.get("content-security-policy") ?? "";
    const nonce = nonceOf(policy);
    expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    for (const directive of ["default-src 'self'", "object-src 'none'", "base-uri 'self'", "frame-ancestors 'none'", "form-action 'self'"]) {
      expect(policy).toContain(directive);
    }
    expect(policy).not.toContain("unsafe-eval");
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((match) => match[0]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const script of scripts) expect(script).toContain(`nonce="${nonce}"`);

    const again = await page("/");
    expect(nonceOf(again.headers.get("content-security-policy"))).not.toBe(nonce);
  });

  it("ignore a policy the client sends: its nonce never reaches a script", async () => {
    const { headers, html } = await page("/", { "Content-Security-Policy": "script-src 'nonce-attacker0000000000000=='" });
    expect(html).not.toContain("attacker");
    expect(nonceOf(headers.get("content-security-policy"))).not.toContain("attacker");
  });

  it("carry the other security headers", async () => {
    const { headers } = await page("/sign-in");
    expect(Object.fromEntries(["x-content-type-options", "x-frame-options", "referrer-policy", "cross-origin-opener-policy"].map((name) => [name, headers.get(name)]))).toEqual({
      "x-content-type-options": "nosniff",
      "x-frame-options": "DENY",
      "referrer-policy": "strict-origin-when-cross-origin",
      "cross-origin-opener-policy": "same-origin",
    });
    expect(headers.get("permissions-policy")).toContain("camera=()");
    expect(headers.get("strict-transport-security")).toBeNull(); // http: HSTS would mean nothing
  });

  it("send no Referer from a page whose URL carries a token", async () => {
    for (const path of ["/sign-in?token=secret", "/checkout/success?session_id=cs_test_1", "/?code=abc"]) {
      expect((await page(path)).headers.get("referrer-policy"), path).toBe("no-referrer");
    }
  });
});

describe("API answers", () => {
  it("route handlers get a policy that allows nothing, and nosniff", async () => {
    const response = await fetch(`${store.server().url}/api/v1/openapi.json`);
    expect(response.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
  });

  it("the lean license endpoints keep their own headers", async () => {
    const answer = await requestRawPath(store.server().url, "/api/v1/licenses/verify", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ key: "CP-0000-0000", domain: "example.com" }),
    });
    expect(answer.status).toBe(200);
    expect(answer.headers["x-cp-signature"]).toBeTruthy();
    expect(answer.headers["cache-control"]).toBe("no-store");
    expect(answer.headers["content-security-policy"]).toBeUndefined();
  });
});

it("a store served over https sends HSTS and upgrades insecure requests", async () => {
  const response = await fetch(`${httpsStore.server().url}/`, { redirect: "manual" });
  expect(response.headers.get("strict-transport-security")).toBe("max-age=31536000; includeSubDomains");
  expect(response.headers.get("content-security-policy")).toContain("upgrade-insecure-requests");
  const api = await fetch(`${httpsStore.server().url}/api/health`);
  expect(api.headers.get("strict-transport-security")).toBe("max-age=31536000; includeSubDomains");
});
