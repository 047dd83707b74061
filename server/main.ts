// The production (and dev) HTTP server: license endpoints on the lean path, everything else to
// Next.js. In front of both it decides what must not depend on a route: a malformed path is a 400,
// every answer Next.js gives carries the security headers, and the real socket address is recorded
// in a header clients cannot forge (Next.js route handlers cannot see the socket and pass a
// client's X-Forwarded-For through as is).
import { createServer, ServerResponse, type IncomingMessage, type OutgoingHttpHeaders } from "node:http";
import path from "node:path";
import next from "next";
import { db } from "../lib/db";
import { startEmailSender, type EmailSender } from "../lib/email/sender";
import { createSmtpTransport } from "../lib/email/transport";
import { getEnv } from "../lib/env";
import { parseRequestPath } from "../lib/http/request-path";
import { newNonce, securityHeaders, type SecurityHeaderOptions } from "../lib/http/security-headers";
import { markSocketAddressHeaderTrusted, SOCKET_ADDRESS_HEADER } from "../lib/http/socket-address";
import { startReminderScheduler } from "../lib/reminders/scheduler";
import { serveLicenseApi } from "./license-api";

const dev = process.argv.includes("--dev");
const env = getEnv();
const app = next({ dev, dir: path.resolve(import.meta.dirname, ".."), port: env.PORT, hostname: env.listenHost ?? "localhost" });
const handle = app.getRequestHandler();
await app.prepare();
markSocketAddressHeaderTrusted();

const headerOptions: SecurityHeaderOptions = {
  https: env.publicUrl.startsWith("https:"),
  dev,
  stripeCheckout: env.payments === "stripe",
};

function badPath(request: IncomingMessage, response: ServerResponse) {
  const api = (request.url ?? "").startsWith("/api/");
  const body = api
    ? JSON.stringify({ error: { code: "INVALID_PATH", message: "The URL path has a malformed %-escape" } })
    : "Bad Request: the URL path has a malformed %-escape\n";
  response.writeHead(400, {
    "Content-Type": api ? "application/json; charset=utf-8" : "text/plain; charset=utf-8",
    "Content-Length": Buffer.byteLength(body),
    "X-Content-Type-Options": "nosniff",
  });
  response.end(body);
}

/** Hands the request to Next.js with the security headers set and the page's nonce passed on. */
function serveWithNext(request: IncomingMessage, response: ServerResponse, canonicalPath: string) {
  const nonce = newNonce();
  const search = (request.url ?? "").split("?")[1] ?? "";
  const headers = securityHeaders({ path: canonicalPath, search, nonce }, headerOptions);
  for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
  // Next.js reads the nonce from the request's policy (whatever a client sent there is replaced).
  request.headers["content-security-policy"] = headers["Content-Security-Policy"];
  delete request.headers["content-security-policy-report-only"];
  return handle(request, response);
}

/** How long a connection whose request body was not read lingers after the answer. */
const LINGER_MS = 1000;

/**
 * An answer sent before the request's body has arrived (a 413, a 401 that never read it) ends the
 * connection, as Go's and nginx's servers do: the rest of the body is never read, and the client is
 * told (Connection: close) not to send its next request on this connection. The connection lingers
 * for a moment after the answer: closing a socket with unread data resets it, and a client still
 * sending would lose the answer. (Next.js destroys a request whose body it stopped reading, which
 * would otherwise leave the socket open, full and unread.) A class, not a wrapper per request:
 * Verify's hot path allocates nothing for it.
 */
class StoreResponse extends ServerResponse {
  override writeHead(statusCode: number, ...rest: unknown[]): this {
    const socket = this.socket;
    if (!this.req.complete && !this.headersSent && socket) {
      this.setHeader("Connection", "close");
      // Node.js ends a Connection: close answer with destroySoon(): finish writing, then close.
      socket.destroySoon = () => {
        socket.end();
        socket.resume();
        setTimeout(() => socket.destroy(), LINGER_MS).unref();
      };
    }
    return super.writeHead(statusCode, ...(rest as [string, OutgoingHttpHeaders]));
  }
}

const server = createServer({ ServerResponse: StoreResponse }, (request, response) => {
  request.headers[SOCKET_ADDRESS_HEADER] = request.socket.remoteAddress ?? "";
  const requestPath = parseRequestPath(request.url);
  if (!requestPath) return badPath(request, response);
  serveLicenseApi(request, response, requestPath)
    .then(async (served) => {
      if (!served) await serveWithNext(request, response, requestPath.canonical);
    })
    .catch((error: unknown) => {
      console.error("server: request failed:", error instanceof Error ? error.message : error);
      if (!response.headersSent) response.writeHead(500).end();
    });
});
server.keepAliveTimeout = 65_000;
server.listen(env.PORT, env.listenHost, () => console.log(`Listening on ${env.listenHost ?? "*"}:${env.PORT}${dev ? " (dev)" : ""}`));

// Every instance sends from the shared outbox; without SMTP the messages wait in Admin → Emails.
let emailSender: EmailSender | undefined;
if (env.SMTP_URL) {
  emailSender = startEmailSender({ db, transport: createSmtpTransport(env.SMTP_URL), from: env.emailFrom, pollMs: env.EMAIL_POLL_MS });
} else if (!env.isDemo) {
  console.warn("email: SMTP_URL is not set: messages (receipts, password resets) are kept in Admin → Emails, not sent");
}

// Every instance runs the expiry reminders too: each is queued once, whichever instance gets there.
const reminderScheduler = startReminderScheduler(db, { intervalMs: env.REMINDER_INTERVAL_MS });

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    // The sender finishes what it is sending and gives back the rest of its claims first.
    void Promise.all([reminderScheduler.stop(), emailSender?.stop()]).finally(() => server.close(() => process.exit(0)));
  });
}
