// A child process serving only the public license endpoints through server/license-api.ts, the
// lean node:http path server/main.ts puts in front of Next.js. The endpoints use the app's `db`
// singleton, bound to DATABASE_URL on first use, so each test database gets its own process (and
// two processes on one PostgreSQL database are two app instances). Started by
// tests/helpers/license-api-server.ts.
import { createServer } from "node:http";
import { serveLicenseApi } from "../../server/license-api";
import { runAsChildServer } from "./child-server";

const server = createServer((request, response) => {
  serveLicenseApi(request, response)
    .then((served) => {
      if (!served) {
        response.writeHead(404, { "Content-Type": "application/json" });
        response.end(JSON.stringify({ error: { code: "NOT_FOUND", message: "Not a license endpoint" } }));
      }
    })
    .catch((error: unknown) => {
      console.error("license-api-entry: request failed:", error);
      if (!response.headersSent) response.writeHead(500).end();
    });
});
server.keepAliveTimeout = 65_000; // as in server/main.ts

runAsChildServer(server);
