// Test servers in child processes, both sides. The child (runAsChildServer) listens on
// 127.0.0.1, tells the parent its port as one line of JSON (`{"port":N}`) and exits on
// SIGTERM/SIGINT or when the parent goes away; the parent (startChildServer) starts it, waits for
// that line and stops it.
import { spawn, type ChildProcess } from "node:child_process";
import type { Server } from "node:http";
import { createInterface } from "node:readline";
import { REPO_ROOT } from "../../scripts/db/check";

const START_TIMEOUT_MS = 30_000;

export type ChildServer = {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** What the child wrote to stderr so far (a failed request logs there). */
  stderr(): string;
  stop(): Promise<void>;
};

/** Runs `entry` under tsx with `env`; resolves once it listens, rejects with its stderr if it cannot. */
export async function startChildServer(name: string, entry: string, env: NodeJS.ProcessEnv): Promise<ChildServer> {
  const child = spawn(process.execPath, ["--import", "tsx", entry], { cwd: REPO_ROOT, env, stdio: ["pipe", "pipe", "pipe"] });
  let stderr = "";
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
  });

  const port = await new Promise<number>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    const fail = (error: Error) => {
      clearTimeout(timer);
      lines.close();
      child.kill("SIGKILL");
      reject(new Error(`${error.message}\n--- server stderr ---\n${stderr}`));
    };
    const timer = setTimeout(() => fail(new Error(`${name} did not start in ${START_TIMEOUT_MS} ms`)), START_TIMEOUT_MS);
    lines.on("line", (line) => {
      const match = /^\{"port":(\d+)\}$/.exec(line.trim());
      if (!match) return;
      clearTimeout(timer);
      lines.close();
      resolve(Number(match[1]));
    });
    child.once("exit", (code, signal) => fail(new Error(`${name} exited early (code ${code}, signal ${signal})`)));
    child.once("error", fail);
  });
  child.removeAllListeners("exit");
  child.stdout?.resume(); // keep draining so the child never blocks on a full pipe

  return { url: `http://127.0.0.1:${port}`, stderr: () => stderr, stop: () => stopChild(child) };
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const killer = setTimeout(() => child.kill("SIGKILL"), 5000);
    child.once("exit", () => {
      clearTimeout(killer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

export function runAsChildServer(server: Server): void {
  server.listen(0, "127.0.0.1", () => {
    const address = server.address();
    if (address === null || typeof address === "string") throw new Error("expected a TCP address");
    process.stdout.write(`${JSON.stringify({ port: address.port })}\n`);
  });

  const shutdown = () => {
    server.closeAllConnections();
    server.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 2000).unref();
  };
  process.on("SIGTERM", shutdown);
  process.on("SIGINT", shutdown);
  // The parent holds our stdin open; when it goes away (a crashed test run), so do we.
  process.stdin.on("end", shutdown);
  process.stdin.resume();
}
