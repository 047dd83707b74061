// The production (and dev) HTTP server: license endpoints on the lean path, everything else to
// Next.js. In front of both it decides what must not depend on a route: a malformed path is a 400,
// every answer Next.js gives carries the security headers, and the real socket address is recorded
// in a header clients cannot forge (Next.js route handlers cannot see the socket and pass a
// client's X-Forwarded-For through as is).
import { createServer, type IncomingMessage } from "node:http";
import path from "node:path";
import next from "next";
import { db } from "../lib/db";
import { checkDatabase } from "../lib/db/health";
import { databaseOutageNoted, databaseStillAway } from "../lib/db/outage";
import { countOutboxByStatus } from "../lib/email/outbox-depth";
import { startEmailSender, type EmailSender } from "../lib/email/sender";
import { createSmtpTransport } from "../lib/email/transport";
import { getEnv } from "../lib/env";
import { parseRequestPath } from "../lib/http/request-path";
import { newNonce, securityHeaders, type SecurityHeaderOptions } from "../lib/http/security-headers";
import { markSocketAddressHeaderTrusted, SOCKET_ADDRESS_HEADER } from "../lib/http/socket-address";
import { logger } from "../lib/observability/logger";
import { setOutboxDepthReader } from "../lib/observability/metrics";
import { REQUEST_ID_HEADER, requestIdFrom } from "../lib/observability/request-id";
import { loggableRoute } from "../lib/observability/request-log";
import { startReminderScheduler } from "../lib/reminders/scheduler";
import { serveLicenseApi } from "./license-api";
import { handleShutdownSignals } from "./shutdown";
import { METRICS_PATH, serveMetrics } from "./metrics-endpoint";
import { isPageRequest, serveOutagePage } from "./outage-page";
import { finishRequest, StoreResponse } from "./store-response";

const dev = process.argv.includes("--dev");
const env = getEnv();
const app = next({ dev, dir: path.resolve(import.meta.dirname, ".."), port: env.PORT, hostname: env.listenHost ?? "localhost" });
const handle = app.getRequestHandler();
await app.prepare();
markSocketAddressHeaderTrusted();
const log = logger.child({ component: "server" });
setOutboxDepthReader(() => countOutboxByStatus(db));

const headerOptions: SecurityHeaderOptions = {
  https: env.publicUrl.startsWith("https:"),
  dev,
  stripeCheckout: env.payments === "stripe",
};

function badPath(request: IncomingMessage, response: StoreResponse) {
  const api = (request.url ?? "").startsWith("/api/");
  const body = api
    ? JSON.stringify({ error: { code: "INVALID_PATH", message: "The URL path has a malformed %-escape" } })
    : "Bad Request: the URL path has a malformed %-escape\n";
  response.writeHead(400, {
    "Content-Type": api ? "application/json; charset=utf-8" : "text/plain; charset=utf-8",
    "Content-Length": Buffer.byteLength(body),
    "X-Content-Type-Options": "nosniff",
    "X-Request-Id": response.requestId,
  });
  response.end(body);
}

/**
 * Hands the request to Next.js with the security headers set and the page's nonce passed on; a
 * browser's page request while the database is known to be away gets the outage page instead.
 */
async function serveWithNext(request: IncomingMessage, response: StoreResponse, canonicalPath: string) {
  const nonce = newNonce();
  const search = (request.url ?? "").split("?")[1] ?? "";
  const headers = securityHeaders({ path: canonicalPath, search, nonce }, headerOptions);
  for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
  response.setHeader("X-Request-Id", response.requestId);
  if (databaseOutageNoted() && isPageRequest(request, canonicalPath) && (await databaseStillAway(databaseAnswers))) {
    return serveOutagePage(request, response, env.STORE_NAME);
  }
  // Next.js reads the nonce from the request's policy (whatever a client sent there is replaced).
  request.headers["content-security-policy"] = headers["Content-Security-Policy"];
  delete request.headers["content-security-policy-report-only"];
  return handle(request, response);
}

const databaseAnswers = async () => (await checkDatabase()).ok;

/** The last resort when serving threw: a 500 that quotes the request id, logged once with it. */
function internalError(error: unknown, response: StoreResponse) {
  log.error({ err: error, requestId: response.requestId, route: response.route }, "request failed");
  // Begun but not finished: cut it, so the client sees a broken answer instead of waiting.
  if (response.headersSent) return void (response.writableEnded || response.destroy());
  const message = `Something went wrong; try again (reference ${response.requestId})`;
  const api = response.route?.startsWith("/api/") ?? false;
  const body = api ? JSON.stringify({ error: { code: "INTERNAL_ERROR", message } }) : `${message}\n`;
  response.writeHead(500, {
    "Content-Type": api ? "application/json; charset=utf-8" : "text/plain; charset=utf-8",
    "Content-Length": Buffer.byteLength(body),
    "X-Content-Type-Options": "nosniff",
    "X-Request-Id": response.requestId,
  });
  response.end(body);
}

const server = createServer<typeof IncomingMessage, typeof StoreResponse>({ ServerResponse: StoreResponse }, (request, response) => {
  request.headers[SOCKET_ADDRESS_HEADER] = request.socket.remoteAddress ?? "";
  // Next.js route handlers read the id from the request (lib/api/http/api-route.ts quotes it).
  const requestId = requestIdFrom(request.headers[REQUEST_ID_HEADER]);
  request.headers[REQUEST_ID_HEADER] = requestId;
  response.requestId = requestId;
  // Every answer below carries X-Request-Id (the lean path adds it to its own headers object:
  // setHeader would take writeHead off its fast path).
  response.on("close", finishRequest);
  const requestPath = parseRequestPath(request.url);
  if (!requestPath) {
    response.route = "(malformed path)";
    return badPath(request, response);
  }
  if (requestPath.raw === METRICS_PATH && env.METRICS_TOKEN) {
    response.route = METRICS_PATH;
    return void serveMetrics(request, response, env.METRICS_TOKEN).catch((error: unknown) => internalError(error, response));
  }
  serveLicenseApi(request, response, requestPath)
    .then(async (served) => {
      if (served) return;
      response.route = loggableRoute(requestPath.canonical);
      await serveWithNext(request, response, requestPath.canonical);
    })
    .catch((error: unknown) => internalError(error, response));
});
server.keepAliveTimeout = 65_000;
server.listen(env.PORT, env.listenHost, () =>
  log.info({ host: env.listenHost ?? "*", port: env.PORT, dev }, `Listening on ${env.listenHost ?? "*"}:${env.PORT}${dev ? " (dev)" : ""}`),
);

// Every instance sends from the shared outbox; without SMTP the messages wait in Admin → Emails.
let emailSender: EmailSender | undefined;
if (env.SMTP_URL) {
  emailSender = startEmailSender({ db, transport: createSmtpTransport(env.SMTP_URL), from: env.emailFrom, pollMs: env.EMAIL_POLL_MS });
} else if (!env.isDemo) {
  log.warn("email: SMTP_URL is not set: messages (receipts, password resets) are kept in Admin → Emails, not sent");
}

// Every instance runs the expiry reminders too: each is queued once, whichever instance gets there.
const reminderScheduler = startReminderScheduler(db, { intervalMs: env.REMINDER_INTERVAL_MS });

// SIGTERM / SIGINT: stop accepting, let requests in flight finish (up to 10 s), give the outbox
// claims back, close the pools, exit 0.
handleShutdownSignals({ server, reminderScheduler, emailSender });
