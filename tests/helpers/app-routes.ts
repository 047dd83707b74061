// What the built app serves, read from the build's own manifests, so tests that walk "every route"
// or "every server action" cover routes and actions added later without being told about them.
import { readFileSync } from "node:fs";
import path from "node:path";
import { REPO_ROOT } from "../../scripts/build-app";

/** A sample value for each dynamic segment name (anything that parses, or not: the route decides). */
const SAMPLE_SEGMENTS: Record<string, string> = {
  key: "CP-0000-0000",
  id: "cl0000000000000000000000",
  orderId: "cl0000000000000000000000",
  slug: "no-such-product",
  product: "no-such-product",
  release: "1.0.0",
  licenseId: "cl0000000000000000000000",
  releaseId: "cl0000000000000000000000",
  productId: "cl0000000000000000000000",
  file: "icon-00000000.png",
  nextauth: "session",
  path: "no/such/endpoint",
};

function samplePath(pattern: string): string {
  return pattern
    .split("/")
    .filter((segment) => !/^\(.*\)$/.test(segment)) // route groups are not part of the URL
    .map((segment) => {
      const name = /^\[(?:\.\.\.)?(\w+)\]$/.exec(segment)?.[1];
      if (!name) return segment;
      const sample = SAMPLE_SEGMENTS[name];
      if (!sample) throw new Error(`no sample value for the dynamic segment [${name}]: add one to SAMPLE_SEGMENTS`);
      return sample;
    })
    .join("/") || "/";
}

function manifest(distDir: string, file: string): unknown {
  return JSON.parse(readFileSync(path.join(REPO_ROOT, distDir, "server", file), "utf8"));
}

export type AppRoute = { pattern: string; path: string };

/** Every route handler (app/**\/route.ts) and page, with a path that reaches it. */
export function appRoutes(distDir: string): { handlers: AppRoute[]; pages: AppRoute[] } {
  const entries = Object.keys(manifest(distDir, "app-paths-manifest.json") as Record<string, string>);
  const routes = (suffix: string) =>
    entries
      .filter((entry) => entry.endsWith(suffix) && !entry.startsWith("/_"))
      .map((entry) => {
        const pattern = entry.slice(0, -suffix.length) || "/";
        return { pattern, path: samplePath(pattern) };
      });
  return { handlers: routes("/route"), pages: routes("/page") };
}

export type ServerAction = { id: string; name: string; pages: string[] };

/** Every server action of the build: its id (the Next-Action header), export name and pages. */
export function serverActions(distDir: string): ServerAction[] {
  const { node } = manifest(distDir, "server-reference-manifest.json") as {
    node: Record<string, { exportedName?: string; workers: Record<string, unknown> }>;
  };
  return Object.entries(node).map(([id, action]) => ({
    id,
    name: action.exportedName ?? id,
    pages: Object.keys(action.workers).map((worker) => samplePath(worker.replace(/^app/, "").replace(/\/page$/, ""))),
  }));
}
