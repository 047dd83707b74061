import path from "node:path";
import { defineConfig } from "vitest/config";

// Unit tests are pure and fast; integration tests open real databases (a SQLite file, and a
// temporary PostgreSQL database when one is reachable) and run one file at a time per worker.
export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    // Release files of every test (and the servers they start) go to a temp folder, not data/.
    setupFiles: ["tests/setup-storage.ts"],
    projects: [
      {
        extends: true,
        test: { name: "unit", include: ["tests/unit/**/*.test.ts"], environment: "node" },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts"],
          environment: "node",
          testTimeout: 60_000,
          hookTimeout: 300_000, // the first real server of a run may build the app first
        },
      },
      {
        // A real WordPress per file (tests/helpers/wordpress.ts): PHP's built-in server and a
        // MariaDB database each. Vitest runs cores - 1 files at once (one on a 2-core machine),
        // and every site has its own folder, port and database, so files need no extra limit.
        extends: true,
        test: {
          name: "wordpress",
          include: ["tests/wordpress/**/*.test.ts"],
          environment: "node",
          testTimeout: 120_000,
          hookTimeout: 300_000, // a file may start the store server too, which may build the app first
        },
      },
    ],
  },
});
