// Prints the benchmark table, writes it as JSON under bench/results/ and into docs/performance.md.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { AdminTiming } from "./admin-timing";
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

export type DatabaseResult = {
  provider: "sqlite" | "postgresql";
  scenarios: (Measurement & { id: string; label: string })[];
  /** app: the whole run including the admin page timings; appDuringLoad: the load scenarios only. */
  peakRssMb: { app: number; appDuringLoad: number; floor: number };
  admin: AdminTiming | null;
  downloads: DownloadsResult;
};

const root = path.resolve(import.meta.dirname, "..");
const START = "<!-- bench:start -->";
const END = "<!-- bench:end -->";

function ratios(result: DatabaseResult) {
  const rate = (id: string) => result.scenarios.find((s) => s.id === id)?.reqPerSec ?? Number.NaN;
  const { store, bare } = result.downloads;
  return {
    ba: rate("b") / rate("a"),
    be: rate("b") / rate("e"),
    ca: rate("c") / rate("a"),
    da: rate("d") / rate("a"),
    fa: rate("f") / rate("a"),
    gBare: store.mbPerSec / bare.mbPerSec,
  };
}

/** The (g) paragraph: throughput against the bare server, and the store's RSS growth. */
function downloadsLine(d: DownloadsResult, share: number): string {
  const side = (m: DownloadMeasurement) => `${Math.round(m.mbPerSec)} MB/s (${m.downloads} downloads${m.errors ? `, ${m.errors} failed` : ""})`;
  return (
    `(g) ${d.concurrency} concurrent downloads of a ${d.sizeMb} MB release from local storage: store ${side(d.store)}, ` +
    `bare \`node:http\` + \`fs.createReadStream\` ${side(d.bare)}: **${(share * 100).toFixed(0)} %** of its throughput. ` +
    `Store RSS ${d.rssBeforeMb} MB before, peak ${d.rssPeakMb} MB during them: **+${d.rssPeakMb - d.rssBeforeMb} MB**.`
  );
}

function markdown(results: DatabaseResult[], meta: { seconds: number; rounds: number }, machine: string): string {
  const lines = [
    `Measured ${new Date().toISOString().slice(0, 10)} on ${machine}; 50 connections, ${meta.seconds} s per scenario in ${meta.rounds} alternating rounds, after a warm-up.`,
    "",
  ];
  for (const result of results) {
    const r = ratios(result);
    lines.push(
      `**${result.provider === "sqlite" ? "SQLite" : "PostgreSQL"}** (100,000 keys, 200,000 activations)`,
      "",
      "| scenario | req/s | p50 ms | p99 ms | errors |",
      "|---|---:|---:|---:|---:|",
      ...result.scenarios.map((s) => `| (${s.id}) ${s.label} | ${Math.round(s.reqPerSec)} | ${s.p50.toFixed(1)} | ${s.p99.toFixed(1)} | ${s.errors + s.non2xx} |`),
      "",
      `Ratios: b/a **${r.ba.toFixed(2)}×**, b/e **${(r.be * 100).toFixed(0)} %**, c/a **${r.ca.toFixed(2)}×**, d/a **${r.da.toFixed(2)}×**, ` +
        `f/a **${r.fa.toFixed(2)}×** (f p99 ${(result.scenarios.find((s) => s.id === "f")?.p99 ?? Number.NaN).toFixed(1)} ms). ` +
        `Peak RSS: app server ${result.peakRssMb.app} MB over the whole run (${result.peakRssMb.appDuringLoad} MB during the load scenarios), floor server ${result.peakRssMb.floor} MB. ` +
        (result.admin
          ? `Admin licenses page: first page ${result.admin.firstPage.medianMs.toFixed(0)} ms, search ${result.admin.search.medianMs.toFixed(0)} ms (median of 10).`
          : "Admin licenses page: not measured (see the log)."),
      "",
      downloadsLine(result.downloads, r.gBare),
      "",
    );
  }
  return lines.join("\n");
}

export function writeReport(results: DatabaseResult[], meta: { seconds: number; rounds: number; totalSeconds: number }) {
  const cpu = os.cpus();
  const machine = `${cpu.length} × ${cpu[0]?.model.trim() ?? "unknown CPU"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
  const table = markdown(results, meta, machine);
  console.log(`\n${table}\nTotal bench time: ${meta.totalSeconds.toFixed(0)} s`);

  const dir = path.join(root, "bench/results");
  mkdirSync(dir, { recursive: true });
  const json = JSON.stringify({ at: new Date().toISOString(), machine, ...meta, results: results.map((r) => ({ ...r, ratios: ratios(r) })) }, null, 2);
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
