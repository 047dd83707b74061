import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Native and server-only packages stay out of the bundle and load from node_modules at run time.
  serverExternalPackages: [
    "better-sqlite3",
    "@prisma/adapter-better-sqlite3",
    "pg",
    "@prisma/adapter-pg",
    "@aws-sdk/client-s3",
    "@aws-sdk/lib-storage",
    "@aws-sdk/s3-request-presigner",
    // One copy with server/main.ts's: lib/observability/metrics.ts keeps one registry per process.
    "prom-client",
  ],
  poweredByHeader: false,
  // Lets parallel test runs build and serve from separate folders (NEXT_DIST_DIR=.next-e2e-x).
  distDir: process.env.NEXT_DIST_DIR ?? ".next",
  // forbidden() gives a customer who opens /admin a real 403 page.
  experimental: { authInterrupts: true },
  // The build type-checks the app only (tests and scripts are checked by `npm run typecheck`).
  typescript: { tsconfigPath: "tsconfig.build.json" },
};

export default nextConfig;
