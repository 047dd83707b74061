import type { IncomingMessage } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { databaseOutageNoted, databaseStillAway, noteDatabaseOutage, OUTAGE_PROBE_TIMEOUT_MS, resetDatabaseOutageForTests } from "../../../lib/db/outage";
import { logDatabaseUnavailable } from "../../../lib/db/unavailable";
import { isPageRequest, OUTAGE_PAGE_MESSAGE, outagePageHtml } from "../../../server/outage-page";

afterEach(() => resetDatabaseOutageForTests());

/** A probe that counts its calls and answers `answers` (true: the database is back). */
function probe(answers: boolean | "never" | "throws") {
  const calls = { count: 0 };
  const run = async () => {
    calls.count += 1;
    if (answers === "throws") throw new Error("ECONNREFUSED");
    if (answers === "never") return new Promise<boolean>(() => {});
    return answers;
  };
  return { run, calls };
}

describe("the process's memory of a database outage", () => {
  it("nothing noted: not away, and the database is not asked", async () => {
    const back = probe(true);
    expect(databaseOutageNoted()).toBe(false);
    expect(await databaseStillAway(back.run)).toBe(false);
    expect(back.calls.count).toBe(0);
  });

  it("a 503 for an outage notes it, through the function every such answer calls", () => {
    logDatabaseUnavailable({ warn: () => {} }, Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }));
    expect(databaseOutageNoted()).toBe(true);
  });

  it("noted: a probe that finds it away keeps the note, and its answer stands for a second without asking again", async () => {
    noteDatabaseOutage();
    const away = probe(false);
    let clock = 10_000;
    expect(await databaseStillAway(away.run, () => clock)).toBe(true);
    clock += 999;
    expect(await databaseStillAway(away.run, () => clock)).toBe(true);
    expect(away.calls.count).toBe(1);
    clock += 1;
    expect(await databaseStillAway(away.run, () => clock)).toBe(true);
    expect(away.calls.count).toBe(2);
    expect(databaseOutageNoted()).toBe(true);
  });

  it("requests arriving together share one probe", async () => {
    noteDatabaseOutage();
    const away = probe(false);
    const answers = await Promise.all(Array.from({ length: 20 }, () => databaseStillAway(away.run)));
    expect(answers.every(Boolean)).toBe(true);
    expect(away.calls.count).toBe(1);
  });

  it("the first probe that finds the database back clears the note", async () => {
    noteDatabaseOutage();
    const back = probe(true);
    expect(await databaseStillAway(back.run)).toBe(false);
    expect(databaseOutageNoted()).toBe(false);
    expect(await databaseStillAway(back.run)).toBe(false);
    expect(back.calls.count).toBe(1);
  });

  it("a probe that throws, or never answers (a frozen database), counts as away", async () => {
    noteDatabaseOutage();
    expect(await databaseStillAway(probe("throws").run)).toBe(true);
    resetDatabaseOutageForTests();
    noteDatabaseOutage();
    const startedAt = performance.now();
    expect(await databaseStillAway(probe("never").run)).toBe(true);
    expect(performance.now() - startedAt).toBeGreaterThanOrEqual(OUTAGE_PROBE_TIMEOUT_MS - 50);
  });
});

const request = (method: string, headers: Record<string, string>) => ({ method, headers }) as unknown as IncomingMessage;
const BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

describe("which requests get the outage page", () => {
  it("a browser opening a page, GET or HEAD", () => {
    expect(isPageRequest(request("GET", { accept: BROWSER_ACCEPT }), "/")).toBe(true);
    expect(isPageRequest(request("HEAD", { accept: BROWSER_ACCEPT }), "/account/licenses")).toBe(true);
  });

  it("never the API, Next.js's files, its own fetches, a form post, or a client not asking for HTML", () => {
    expect(isPageRequest(request("GET", { accept: BROWSER_ACCEPT }), "/api/health")).toBe(false);
    expect(isPageRequest(request("GET", { accept: BROWSER_ACCEPT }), "/_next/static/chunks/main.js")).toBe(false);
    expect(isPageRequest(request("GET", { accept: BROWSER_ACCEPT, rsc: "1" }), "/account")).toBe(false);
    expect(isPageRequest(request("GET", { accept: BROWSER_ACCEPT, "next-router-prefetch": "1" }), "/account")).toBe(false);
    expect(isPageRequest(request("POST", { accept: BROWSER_ACCEPT, "next-action": "abc" }), "/account")).toBe(false);
    expect(isPageRequest(request("POST", { accept: BROWSER_ACCEPT }), "/sign-in")).toBe(false);
    expect(isPageRequest(request("GET", { accept: "application/json" }), "/")).toBe(false);
    expect(isPageRequest(request("GET", {}), "/")).toBe(false);
  });
});

describe("the outage page", () => {
  it("says what app/error.tsx says, reloads itself, and carries no script", () => {
    const html = outagePageHtml("CP Store");
    expect(html).toContain("<title>Temporarily unavailable · CP Store</title>");
    expect(html).toContain(OUTAGE_PAGE_MESSAGE);
    expect(html).toContain('<meta http-equiv="refresh" content="5">');
    expect(html).not.toMatch(/<script|src=|href=/i);
  });

  it("escapes the store's name", () => {
    const html = outagePageHtml(`Tom & Jerry's <b>"Shop"</b>`);
    expect(html).toContain("Tom &amp; Jerry&#39;s &lt;b&gt;&quot;Shop&quot;&lt;/b&gt;");
    expect(html).not.toContain("<b>");
  });
});
