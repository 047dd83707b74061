// The load scenarios (a)-(f) against one store's servers, and the check that each answers what it
// claims before it is timed.
import { randomBytes } from "node:crypto";
import { LICENSE_KEY_ALPHABET } from "../lib/licenses/key";
import type { BenchFixtures } from "./fixtures";
import type { Scenario } from "./load";
import { RELEASE_VERSION } from "./release-fixture";

/** A key whose last (check) character is wrong: rejected before any database work. */
function mistype(key: string): string {
  const last = key.at(-1) ?? "0";
  const other = LICENSE_KEY_ALPHABET[(LICENSE_KEY_ALPHABET.indexOf(last) + 1) % LICENSE_KEY_ALPHABET.length];
  return key.slice(0, -1) + other;
}

const pick = <T>(list: T[]) => list[Math.floor(Math.random() * list.length)] as T;

/** Scenario (b) against the app server at `app` (also used for the logging comparison). */
export function knownKeyScenario(fixtures: BenchFixtures, app: string): Scenario {
  return { id: "b", label: "Verify, known key + known domain", url: `${app}/api/v1/licenses/verify`, method: "POST", nextBody: () => JSON.stringify(pick(fixtures.known)) };
}

export function scenarios(fixtures: BenchFixtures, app: string, floor: string): Scenario[] {
  const verify = `${app}/api/v1/licenses/verify`;
  let fresh = 0;
  const run = randomBytes(3).toString("hex");
  return [
    { id: "a", label: "Next.js route, constant JSON", url: `${app}/api/ping`, method: "GET", nextBody: null },
    knownKeyScenario(fixtures, app),
    {
      id: "c", label: "Verify, new activation", url: verify, method: "POST",
      nextBody: () => JSON.stringify({ key: pick(fixtures.unlimited), domain: `new-${run}-${fresh++}.example.org` }),
    },
    { id: "d", label: "Verify, mistyped key", url: verify, method: "POST", nextBody: () => JSON.stringify({ key: mistype(pick(fixtures.known).key), domain: "example.com" }) },
    { id: "e", label: "node:http + one prepared statement", url: `${floor}/verify`, method: "POST", nextBody: () => JSON.stringify(pick(fixtures.known)) },
    {
      id: "f", label: "Update check, known key + known site", url: `${app}/api/v1/updates/bench-plugin`, method: "GET", nextBody: null,
      // What plugin-update-checker sends, with the key and site a plugin adds through addQueryArgFilter.
      nextPath: () => {
        const { key, domain } = pick(fixtures.known);
        return `/api/v1/updates/bench-plugin?installed_version=1.0.0&php=8.2.10&locale=en_US&checking_for_updates=1&license_key=${key}&domain=${domain}`;
      },
      headers: { "user-agent": "WordPress/6.7; https://bench.example" },
    },
  ];
}

const expected: Record<Scenario["id"], (body: Record<string, unknown>) => boolean> = {
  a: (b) => b.ok === true,
  b: (b) => b.code === "VALID" && (b.environment as { activated: boolean }).activated === false,
  c: (b) => b.code === "VALID" && (b.environment as { activated: boolean }).activated === true,
  d: (b) => b.code === "NOT_FOUND",
  e: (b) => b.valid === true,
  f: (b) => (b.license as { code: string }).code === "VALID" && b.version === RELEASE_VERSION && typeof b.download_url === "string",
};

/** Proves each scenario answers what it claims before it is timed. */
export async function checkAnswers(list: Scenario[]) {
  for (const scenario of list) {
    const response = await fetch(scenario.nextPath ? new URL(scenario.nextPath(), scenario.url) : scenario.url, {
      method: scenario.method,
      headers: { "content-type": "application/json", ...scenario.headers },
      body: scenario.nextBody?.() ?? undefined,
    });
    const body = (await response.json()) as Record<string, unknown>;
    if (!expected[scenario.id](body)) throw new Error(`scenario ${scenario.id} at ${scenario.url} answered unexpectedly: ${JSON.stringify(body)}`);
  }
}
