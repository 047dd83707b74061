// The life of a test's child server process: listen on 127.0.0.1, tell the parent the port as
// one line of JSON (`{"port":N}`), and exit on SIGTERM/SIGINT or when the parent goes away.
import type { Server } from "node:http";

export function runAsChildServer(server: Server, port = 0): void {
  server.listen(port, "127.0.0.1", () => {
    const address = server.address();
    if (address === null || typeof address === "string") throw new Error("expected a TCP address");
    process.stdout.write(`${JSON.stringify({ port: address.port })}\n`);
  });

  const shutdown = () => {
    server.closeAllConnections();
    server.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 2000).unref();
  };
  process.on("SIGTERM", shutdown);
  process.on("SIGINT", shutdown);
  // The parent holds our stdin open; when it goes away (a crashed test run), so do we.
  process.stdin.on("end", shutdown);
  process.stdin.resume();
}
