// The e2e store's output, captured to a file for the whole run (playwright.config.ts's webServer
// command) so log-audit.spec.ts can read it after every journey: the server's JSON log lines, plus
// what `npm start` itself prints (the build's progress, its start-up banner).
import { readFileSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "../../..");

/** One file per port, so two runs on one machine keep their logs apart (relative to the repository). */
export const e2eServerLogPath = (port: number): string => path.join("data", `e2e-server-${port}.log`);

export function readServerLog(port: number): string {
  return readFileSync(path.join(root, e2eServerLogPath(port)), "utf8");
}

/**
 * `npm start`'s banner: from "CP Store is running:" to the next empty line. It is the operator's
 * terminal, not the server's log, and in demo mode it shows the demo's published accounts and keys.
 */
export function withoutStartBanner(lines: readonly string[]): string[] {
  const start = lines.findIndex((line) => line.startsWith("CP Store is running: "));
  if (start < 0) return [...lines];
  const end = lines.findIndex((line, index) => index > start && line.trim() === "");
  return [...lines.slice(0, start), ...(end < 0 ? [] : lines.slice(end))];
}
