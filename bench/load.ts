// Load generation (autocannon, loopback only, bounded in time) and peak-RSS sampling.
import autocannon from "autocannon";
import { readFileSync } from "node:fs";

export type Scenario = {
  id: "a" | "b" | "c" | "d" | "e" | "f";
  label: string;
  url: string;
  method: "GET" | "POST";
  /** A new body for every request (null for GET). */
  nextBody: (() => string) | null;
  /** A new path and query for every request (GET scenarios that vary them). */
  nextPath?: () => string;
  headers?: Record<string, string>;
};

export type Measurement = { reqPerSec: number; p50: number; p99: number; errors: number; non2xx: number; requests: number; seconds: number };

export const CONNECTIONS = 50;

export async function measure(scenario: Scenario, seconds: number): Promise<Measurement> {
  const result = await autocannon({
    url: scenario.url,
    connections: CONNECTIONS,
    duration: seconds,
    method: scenario.method,
    headers: { ...(scenario.method === "POST" ? { "content-type": "application/json" } : {}), ...scenario.headers },
    requests: [
      {
        method: scenario.method,
        setupRequest: (request) => {
          if (scenario.nextBody) return { ...request, body: scenario.nextBody() };
          if (scenario.nextPath) return { ...request, path: scenario.nextPath() };
          return request;
        },
      },
    ],
  });
  return {
    reqPerSec: result.requests.total / (result.duration || seconds),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    requests: result.requests.total,
    seconds: result.duration,
  };
}

/** Combines alternating rounds of one scenario: totals over time, worst p99, request-weighted p50. */
export function combine(rounds: Measurement[]): Measurement {
  const requests = rounds.reduce((s, r) => s + r.requests, 0);
  const seconds = rounds.reduce((s, r) => s + r.seconds, 0);
  return {
    reqPerSec: requests / seconds,
    p50: rounds.reduce((s, r) => s + r.p50 * r.requests, 0) / Math.max(requests, 1),
    p99: Math.max(...rounds.map((r) => r.p99)),
    errors: rounds.reduce((s, r) => s + r.errors, 0),
    non2xx: rounds.reduce((s, r) => s + r.non2xx, 0),
    requests,
    seconds,
  };
}

/** Samples a process's resident set size every 100 ms; `stop()` returns the peak in MB. */
export function sampleRss(pid: number) {
  let peakKb = 0;
  const read = () => {
    try {
      const match = readFileSync(`/proc/${pid}/status`, "utf8").match(/VmRSS:\s+(\d+) kB/);
      if (match) peakKb = Math.max(peakKb, Number(match[1]));
    } catch {
      // process gone
    }
  };
  read();
  const timer = setInterval(read, 100);
  return {
    stop: () => {
      clearInterval(timer);
      read();
      return Math.round(peakKb / 1024);
    },
  };
}
