import { defineConfig, devices } from "@playwright/test";
import { e2eServerLogPath } from "./tests/e2e/support/server-log";

// End-to-end journeys against the real app: `npm start` (build when needed, migrate, seed the demo
// store) on a spare port with a fresh SQLite file per run, driven by Debian's Chromium. Playwright's
// own browsers are never downloaded (offline machines; PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1).
const port = Number(process.env.E2E_PORT ?? 3100);
// 127.0.0.1, where demo mode listens (localhost may resolve to ::1 first).
const baseURL = `http://127.0.0.1:${port}`;
// E2E_PORT and E2E_DATABASE let two runs share a machine (with NEXT_DIST_DIR for the build).
const databaseFile = process.env.E2E_DATABASE ?? "data/e2e.db";
const isCI = process.env.CI === "true" || process.env.CI === "1";

// The store's output for the whole run, which log-audit.spec.ts reads after every journey.
const serverLog = e2eServerLogPath(port);
// Deletes the previous run's database (and its journal files) and server log so every run starts
// from the demo seed.
const freshDatabase = `node -e "const fs = require('fs'); for (const f of ['${databaseFile}', '${databaseFile}-journal', '${databaseFile}-wal', '${databaseFile}-shm', '${serverLog}']) fs.rmSync(f, { force: true }); fs.mkdirSync('data', { recursive: true })"`;

export default defineConfig({
  testDir: "tests/e2e",
  // A real SMTP server for the store's mail (tests/e2e/support/smtp-mailbox.ts reads it).
  globalSetup: "./tests/e2e/support/smtp-global-setup.ts",
  outputDir: "test-results",
  fullyParallel: true,
  workers: 2,
  retries: 0,
  forbidOnly: isCI,
  // CI's machine is shared and much slower than a laptop: journeys that take 15 s here took over
  // 30 s there (three failed on the old 30 s budget while doing nothing wrong).
  timeout: 90_000,
  expect: { timeout: 15_000 },
  reporter: [["list"], ["html", { open: "never", outputFolder: "playwright-report" }]],
  use: {
    baseURL,
    screenshot: "only-on-failure",
    trace: "retain-on-failure",
    ...devices["Desktop Chrome"],
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    },
  },
  projects: [
    { name: "chromium", testIgnore: /(demo-clock|log-audit)\.spec\.ts/ },
    // Advancing the demo clock moves every key's dates in the shared database: it runs after all the rest.
    { name: "demo-clock", testMatch: /demo-clock\.spec\.ts/, dependencies: ["chromium"] },
    // Reads the server's log of everything above: no key, address, password, token or payload in it.
    { name: "log-audit", testMatch: /log-audit\.spec\.ts/, dependencies: ["demo-clock"] },
  ],
  webServer: {
    // stdout (the JSON log) goes to the file; stderr to the file and to Playwright's output.
    command: `${freshDatabase} && npm start 2>&1 >> ${serverLog} | tee -a ${serverLog} >&2`,
    url: `${baseURL}/api/health`,
    // The first run builds the app (30-60 s on two cores, more when the machine is busy).
    timeout: 300_000,
    // Never reuse a running server: its database would not be the fresh one this run expects.
    reuseExistingServer: false,
    stdout: "ignore",
    stderr: "pipe",
    env: {
      PORT: String(port),
      DATABASE_URL: `file:./${databaseFile}`,
      NEXTAUTH_URL: baseURL,
      STORE_MODE: "demo",
      // In-memory rate limits: a shared Redis would carry sign-in failures over between runs.
      REDIS_URL: "",
      // The globalSetup's SMTP server, 25 above the store's port; sent within 200 ms.
      SMTP_URL: `smtp://127.0.0.1:${port + 25}`,
      EMAIL_POLL_MS: "200",
    },
  },
});
