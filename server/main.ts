// The production (and dev) HTTP server: license endpoints on the lean path, everything else to
// Next.js. It also records the real socket address in a header clients cannot forge, because
// Next.js route handlers cannot see the socket and pass a client's X-Forwarded-For through as is.
import { createServer } from "node:http";
import path from "node:path";
import next from "next";
import { getEnv } from "../lib/env";
import { markSocketAddressHeaderTrusted, SOCKET_ADDRESS_HEADER } from "../lib/http/socket-address";
import { serveLicenseApi } from "./license-api";

const dev = process.argv.includes("--dev");
const env = getEnv();
const app = next({ dev, dir: path.resolve(import.meta.dirname, ".."), port: env.PORT, hostname: env.HOST ?? "localhost" });
const handle = app.getRequestHandler();
await app.prepare();
markSocketAddressHeaderTrusted();

const server = createServer((request, response) => {
  request.headers[SOCKET_ADDRESS_HEADER] = request.socket.remoteAddress ?? "";
  serveLicenseApi(request, response)
    .then(async (served) => {
      if (!served) await handle(request, response);
    })
    .catch((error: unknown) => {
      console.error("server: request failed:", error instanceof Error ? error.message : error);
      if (!response.headersSent) response.writeHead(500).end();
    });
});
server.keepAliveTimeout = 65_000;
server.listen(env.PORT, env.HOST, () => console.log(`Listening on ${env.HOST ?? "*"}:${env.PORT}${dev ? " (dev)" : ""}`));

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
