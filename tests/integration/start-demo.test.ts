// `npm start` in demo mode publishes its admin password, so it listens on 127.0.0.1 unless HOST is
// set, and then it warns that anyone who can reach it can sign in. Run as the operator runs it
// (scripts/start.ts: migrate, seed, serve), on a fresh SQLite file and the tests' build.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../../scripts/build-app";
import { ensureTestBuild } from "../helpers/store-server";

/** An address of this machine other than loopback, if it has one. */
const outsideAddress = Object.values(os.networkInterfaces())
  .flat()
  .find((address) => address && address.family === "IPv4" && !address.internal)?.address;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

let running: { child: ChildProcess; dir: string } | undefined;
afterEach(async () => {
  if (!running) return;
  const { child, dir } = running;
  running = undefined;
  await new Promise<void>((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
  rmSync(dir, { recursive: true, force: true });
});

/** Starts the store like `npm start` and returns what it printed once it is serving. */
async function startDemo(env: Record<string, string>): Promise<{ output: string; port: number }> {
  const distDir = await ensureTestBuild();
  const port = await freePort();
  const dir = mkdtempSync(path.join(os.tmpdir(), "cp-store-start-"));
  const childEnv: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), DATABASE_URL: `file:${path.join(dir, "store.db")}`, NEXT_DIST_DIR: distDir, STORE_MODE: "demo", ...env };
  for (const name of ["HOST", "NEXTAUTH_URL", "NEXTAUTH_SECRET", "REDIS_URL", "NODE_ENV"]) if (!(name in env)) delete childEnv[name];
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], { cwd: REPO_ROOT, env: childEnv, stdio: ["ignore", "pipe", "pipe"] });
  running = { child, dir };
  let output = "";
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      // The banner ends with the Verify example: everything is printed once that line is complete.
      if (/Try the Verify API:\n.*\n/.test(output)) resolve({ output, port });
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.once("exit", (code) => reject(new Error(`npm start exited (${code}):\n${output}`)));
  });
}

async function answers(host: string, port: number): Promise<boolean> {
  try {
    const response = await fetch(`http://${host}:${port}/api/health`);
    await response.text(); // an unread answer keeps the connection busy, and the server's shutdown waiting
    return response.ok;
  } catch {
    return false;
  }
}

describe("npm start in demo mode", () => {
  it("listens on 127.0.0.1 only, and says nothing alarming", async () => {
    const { output, port } = await startDemo({});
    expect(output).toContain("Mode: demo");
    expect(output).not.toContain("WARNING");
    expect(await answers("127.0.0.1", port)).toBe(true);
    if (outsideAddress) expect(await answers(outsideAddress, port)).toBe(false);
  });

  it("listens where HOST says, with a warning that the demo credentials are public", async () => {
    const { output, port } = await startDemo({ HOST: "0.0.0.0" });
    expect(output).toContain("WARNING: demo mode is listening on 0.0.0.0");
    expect(output).toContain("anyone who can reach this address can sign in as the admin");
    if (outsideAddress) expect(await answers(outsideAddress, port)).toBe(true);
  });
});
