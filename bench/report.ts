// Prints the benchmark's tables, writes them as JSON under bench/results/ and into docs/performance.md.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { PAGE_LABELS, PAGE_TARGETS_MS, type PageTimings } from "./admin-timing";
import type { DownloadMeasurement } from "./downloads";
import type { Measurement } from "./load";

export type DownloadsResult = {
  store: DownloadMeasurement;
  bare: DownloadMeasurement;
  /** The store server's RSS just before its first timed download, and its peak while they ran. */
  rssBeforeMb: number;
  rssPeakMb: number;
  concurrency: number;
  sizeMb: number;
};

/** One store size: its fixture, its scenarios (a)-(f) and its pages. */
export type SizeResult = {
  keys: number;
  rows: number;
  fixtureSeconds: number;
  scenarios: (Measurement & { id: string; label: string })[];
  pages: PageTimings | null;
  /** app: the whole run including the page timings; appDuringLoad: the load scenarios only. */
  peakRssMb: { app: number; appDuringLoad: number; floor: number };
};

/** Scenario (b) on the smallest store with LOG_LEVEL=info and silent; cost = 1 - info/silent. */
export type LoggingResult = { info: Measurement; silent: Measurement; cost: number; linesPerRequest: number };

export type DatabaseResult = {
  provider: "sqlite" | "postgresql";
  /** Smallest first. */
  sizes: SizeResult[];
  downloads: DownloadsResult;
  logging: LoggingResult;
};

type Meta = { seconds: number; rounds: number; logRounds: number; totalSeconds: number };

const root = path.resolve(import.meta.dirname, "..");
const START = "<!-- bench:start -->";
const END = "<!-- bench:end -->";
const count = (n: number) => n.toLocaleString("en-US");
const rate = (size: SizeResult | undefined, id: string) => size?.scenarios.find((s) => s.id === id)?.reqPerSec ?? Number.NaN;

function ratios(size: SizeResult) {
  return { ba: rate(size, "b") / rate(size, "a"), be: rate(size, "b") / rate(size, "e"), ca: rate(size, "c") / rate(size, "a"), da: rate(size, "d") / rate(size, "a"), fa: rate(size, "f") / rate(size, "a") };
}

/** (b) on the largest store against (b) on the smallest: the target is at least 0.8. */
const verifyScale = (result: DatabaseResult) => rate(result.sizes.at(-1), "b") / rate(result.sizes[0], "b");

function ratioLine(size: SizeResult): string {
  const r = ratios(size);
  const f = size.scenarios.find((s) => s.id === "f");
  return (
    `At ${count(size.keys)} keys: b/a **${r.ba.toFixed(2)}×**, b/e **${(r.be * 100).toFixed(0)} %**, c/a **${r.ca.toFixed(2)}×**, d/a **${r.da.toFixed(2)}×**, ` +
    `f/a **${r.fa.toFixed(2)}×** (f p99 ${(f?.p99 ?? Number.NaN).toFixed(1)} ms); peak RSS of the app server ${size.peakRssMb.app} MB ` +
    `(${size.peakRssMb.appDuringLoad} MB during the load scenarios), floor server ${size.peakRssMb.floor} MB.`
  );
}

function scenarioTable(sizes: SizeResult[]): string[] {
  const head = sizes.map((s) => `${count(s.keys)} keys: req/s | p50 ms | p99 ms | errors`).join(" | ");
  const rows = (sizes[0]?.scenarios ?? []).map((scenario) => {
    const cells = sizes.map((size) => {
      const s = size.scenarios.find((x) => x.id === scenario.id);
      return s ? `${Math.round(s.reqPerSec)} | ${s.p50.toFixed(1)} | ${s.p99.toFixed(1)} | ${s.errors + s.non2xx}` : "– | – | – | –";
    });
    return `| (${scenario.id}) ${scenario.label} | ${cells.join(" | ")} |`;
  });
  return [`| scenario | ${head} |`, `|---|${sizes.map(() => "---:|---:|---:|---:|").join("")}`, ...rows];
}

function pageTable(sizes: SizeResult[]): string[] {
  const keys = Object.keys(PAGE_LABELS) as (keyof PageTimings)[];
  return [
    `| page (signed in, median of 10) | ${sizes.map((s) => `${count(s.keys)} keys`).join(" | ")} | target at 1,000,000 keys |`,
    `|---|${sizes.map(() => "---:|").join("")}---:|`,
    ...keys.map((page) => `| ${PAGE_LABELS[page]} | ${sizes.map((s) => (s.pages ? `${s.pages[page].medianMs.toFixed(0)} ms` : "failed")).join(" | ")} | < ${PAGE_TARGETS_MS[page]} ms |`),
  ];
}

/** The (g) paragraph: throughput against the bare server, and the store's RSS growth. */
function downloadsLine(d: DownloadsResult): string {
  const side = (m: DownloadMeasurement) => `${Math.round(m.mbPerSec)} MB/s (${m.downloads} downloads${m.errors ? `, ${m.errors} failed` : ""})`;
  return (
    `(g) ${d.concurrency} concurrent downloads of a ${d.sizeMb} MB release from local storage: store ${side(d.store)}, ` +
    `bare \`node:http\` + \`fs.createReadStream\` ${side(d.bare)}: **${((d.store.mbPerSec / d.bare.mbPerSec) * 100).toFixed(0)} %** of its throughput. ` +
    `Store RSS ${d.rssBeforeMb} MB before, peak ${d.rssPeakMb} MB during them: **+${d.rssPeakMb - d.rssBeforeMb} MB**.`
  );
}

function loggingLine(l: LoggingResult, meta: Meta, keys: number): string {
  return (
    `Request log, (b) at ${count(keys)} keys on two servers of the same store started together, in ${meta.logRounds} alternating rounds: LOG_LEVEL=info ` +
    `${Math.round(l.info.reqPerSec)} req/s (p99 ${l.info.p99.toFixed(1)} ms, ${l.linesPerRequest.toFixed(2)} log lines per request), silent ` +
    `${Math.round(l.silent.reqPerSec)} req/s (p99 ${l.silent.p99.toFixed(1)} ms): the log costs **${(l.cost * 100).toFixed(1)} %** of (b).`
  );
}

function markdown(results: DatabaseResult[], meta: Meta, machine: string): string {
  const lines = [
    `Measured ${new Date().toISOString().slice(0, 10)} on ${machine}; 50 connections, ${meta.seconds} s per scenario and store in ` +
      `${meta.rounds} alternating rounds (each scenario on every store in turn), after a warm-up; the whole run took ` +
      `${(meta.totalSeconds / 60).toFixed(0)} min. The app servers log at LOG_LEVEL=info to a file, as in production.`,
    "",
  ];
  for (const result of results) {
    const name = result.provider === "sqlite" ? "SQLite" : "PostgreSQL";
    const built = result.sizes.map((s) => `${count(s.keys)} keys (${count(s.rows)} rows, written in ${s.fixtureSeconds.toFixed(0)} s)`).join(" and ");
    lines.push(`**${name}**: stores of ${built}.`, "", ...scenarioTable(result.sizes), "");
    if (result.sizes.length > 1) {
      lines.push(`Verify (b) at ${count(result.sizes.at(-1)?.keys ?? 0)} keys: **${verifyScale(result).toFixed(2)}×** its ${count(result.sizes[0]?.keys ?? 0)}-key figure in the same run (target ≥ 0.80×).`, "");
    }
    lines.push(...result.sizes.map(ratioLine), "", loggingLine(result.logging, meta, result.sizes[0]?.keys ?? 0), "", ...pageTable(result.sizes), "", downloadsLine(result.downloads), "");
  }
  return lines.join("\n");
}

export function writeReport(results: DatabaseResult[], meta: Meta) {
  const cpu = os.cpus();
  const machine = `${cpu.length} × ${cpu[0]?.model.trim() ?? "unknown CPU"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
  const table = markdown(results, meta, machine);
  console.log(`\n${table}\nTotal bench time: ${meta.totalSeconds.toFixed(0)} s`);

  const dir = path.join(root, "bench/results");
  mkdirSync(dir, { recursive: true });
  const json = JSON.stringify(
    {
      at: new Date().toISOString(),
      machine,
      ...meta,
      results: results.map((r) => ({ ...r, verifyScale: verifyScale(r), sizes: r.sizes.map((s) => ({ ...s, ratios: ratios(s) })) })),
    },
    null,
    2,
  );
  writeFileSync(path.join(dir, "latest.json"), `${json}\n`);

  const docPath = path.join(root, "docs", "performance.md");
  const doc = readFileSync(docPath, "utf8");
  if (doc.includes(START) && doc.includes(END)) {
    const before = doc.slice(0, doc.indexOf(START) + START.length);
    const after = doc.slice(doc.indexOf(END));
    writeFileSync(docPath, `${before}\n${table}\n${after}`);
    console.log("docs/performance.md updated.");
  }
}
