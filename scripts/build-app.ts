// Building the Next.js app only when its sources changed, shared by `npm start`, `npm run build`
// and the integration tests' real servers. A hash of the build inputs is stored beside the build;
// a lock directory keeps two processes from building into one folder at once.
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";

export const REPO_ROOT = path.resolve(import.meta.dirname, "..");
const nextBin = path.join(REPO_ROOT, "node_modules/.bin/next");
const BUILD_INPUTS = ["app", "components", "lib", "types", "prisma/schema.prisma", "next.config.ts", "package.json", "postcss.config.mjs", "tsconfig.json", "tsconfig.build.json"];
const LOCK_STALE_MS = 15 * 60_000;

/** A hash of everything the build reads (generated Prisma clients follow from the schema). */
export function sourceHash(): string {
  const hash = createHash("sha256");
  const visit = (relative: string) => {
    const full = path.join(REPO_ROOT, relative);
    if (!existsSync(full) || relative.includes(`lib${path.sep}db${path.sep}generated`)) return;
    if (statSync(full).isDirectory()) {
      for (const entry of readdirSync(full).sort()) visit(path.join(relative, entry));
    } else {
      hash.update(relative).update(readFileSync(full));
    }
  };
  BUILD_INPUTS.forEach(visit);
  return hash.digest("hex");
}

function isBuilt(distDir: string, hash: string): boolean {
  const marker = path.join(distDir, "cp-source-hash");
  return existsSync(path.join(distDir, "BUILD_ID")) && existsSync(marker) && readFileSync(marker, "utf8") === hash;
}

/** Waits for the lock, or takes over one left behind by a process that died mid-build. */
async function takeBuildLock(lock: string): Promise<() => void> {
  for (;;) {
    try {
      mkdirSync(lock);
      return () => rmSync(lock, { recursive: true, force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const takenAt = statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now();
      if (Date.now() - takenAt > LOCK_STALE_MS) rmSync(lock, { recursive: true, force: true });
      else await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}

/**
 * Builds into `distDir` (relative to the repository, as NEXT_DIST_DIR) unless it already holds a
 * build of these sources. Returns false when `next build` failed; its output went to the console.
 */
export async function buildIfNeeded(distDir: string, env: NodeJS.ProcessEnv): Promise<boolean> {
  const dir = path.join(REPO_ROOT, distDir);
  const hash = sourceHash();
  if (isBuilt(dir, hash)) return true;
  const release = await takeBuildLock(`${dir}.build-lock`);
  try {
    if (isBuilt(dir, hash)) return true; // another process built it while we waited
    console.log(`Building the app into ${distDir} (first start or changed sources)…`);
    // Asynchronous: a test worker that builds must keep answering Vitest meanwhile (a blocked event
    // loop for minutes is reported as "Timeout calling onTaskUpdate" and fails the run).
    const status = await new Promise<number | null>((resolve, reject) => {
      const child = spawn(nextBin, ["build"], { cwd: REPO_ROOT, stdio: "inherit", env: { ...env, NEXT_DIST_DIR: distDir } });
      child.once("error", reject);
      child.once("exit", (code) => resolve(code));
    });
    // The route types Next.js generates are only for its type check. Left behind, they would be
    // checked again by every later build and `npm run typecheck` (tsconfig includes .next*/types),
    // and fail them once a route they name is gone.
    rmSync(path.join(dir, "types"), { recursive: true, force: true });
    if (status !== 0) return false;
    writeFileSync(path.join(dir, "cp-source-hash"), hash);
    return true;
  } finally {
    release();
  }
}
