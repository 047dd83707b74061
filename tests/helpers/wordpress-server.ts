// `php -S` serving one test WordPress: started on a free port, waited for, and stopped with its
// workers (PHP_CLI_SERVER_WORKERS forks them, and they outlive a parent that is killed alone).
import { spawn, type ChildProcess } from "node:child_process";
import { PHP_INI } from "./wordpress-php";

const START_TIMEOUT_MS = 30_000;

export type PhpServer = { child: ChildProcess; stderrTail(count: number): string };

/**
 * `php -S` with two workers, in a process group of its own under a shell that watches this
 * process: when the test process dies without running its exit handlers (a SIGTERM from Vitest
 * tearing a worker down), the shell takes the server and its workers down within a second.
 */
export function startPhpServer(dir: string, port: number): PhpServer {
  const watchdog = `php "$@" & while kill -0 ${process.pid} 2>/dev/null && kill -0 $! 2>/dev/null; do sleep 1; done; kill 0`;
  const phpArgs = [...PHP_INI, "-d", "opcache.revalidate_freq=0", "-S", `127.0.0.1:${port}`, "-t", dir];
  const child = spawn("sh", ["-c", watchdog, "sh", ...phpArgs], {
    cwd: dir,
    env: { ...process.env, PHP_CLI_SERVER_WORKERS: "2" },
    stdio: ["ignore", "ignore", "pipe"],
    detached: true,
  });
  const lines: string[] = [];
  let partial = "";
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
    const parts = (partial + chunk).split("\n");
    partial = parts.pop() ?? "";
    // Connection bookkeeping says nothing a failing test needs; requests and errors stay.
    lines.push(...parts.filter((line) => !/ (Accepted|Closing)$/.test(line)));
    if (lines.length > 500) lines.splice(0, lines.length - 500);
  });
  return { child, stderrTail: (count: number) => [...lines, partial].filter(Boolean).slice(-count).join("\n") };
}

export function killGroup(child: ChildProcess, signal: NodeJS.Signals) {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

export async function stopPhpServer(child: ChildProcess) {
  if (child.exitCode !== null || child.signalCode !== null) return killGroup(child, "SIGKILL");
  await new Promise<void>((resolve) => {
    const killer = setTimeout(() => killGroup(child, "SIGKILL"), 3000);
    child.once("exit", () => {
      clearTimeout(killer);
      resolve();
    });
    killGroup(child, "SIGTERM");
  });
  killGroup(child, "SIGKILL"); // workers that outlived their parent
}

export async function waitForHttp(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`php -S exited with code ${child.exitCode}`);
    try {
      const response = await fetch(url, { redirect: "manual" });
      const body = await response.text();
      if (response.status !== 200) throw new Error(`GET ${url} answered ${response.status}: ${body.slice(0, 500)}`);
      return;
    } catch (error) {
      const refused = (error as { cause?: { code?: string } }).cause?.code === "ECONNREFUSED";
      if (!refused) throw error;
      if (Date.now() > deadline) throw new Error(`php -S did not answer on ${url} within ${START_TIMEOUT_MS} ms`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}
