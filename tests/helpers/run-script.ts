// Store-owner commands (scripts/*.ts) run as the operator runs them: a child process through tsx,
// from the repository root, with the test's environment on top of this process's.
import { spawn } from "node:child_process";
import path from "node:path";

const REPO_ROOT = path.resolve(import.meta.dirname, "../..");

export type ScriptRun = { code: number | null; stdout: string; stderr: string };

/** Runs `scripts/<script>` with `args`; `stdin` is piped in and closed (empty when not given). */
export function runScript(script: string, args: string[], options: { env?: Record<string, string | undefined>; stdin?: string } = {}): Promise<ScriptRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", path.join("scripts", script), ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...options.env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.stdin ?? "");
  });
}
