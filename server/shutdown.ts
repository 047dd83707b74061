// A graceful stop on SIGTERM (a deploy, an orchestrator, a load balancer's drain) or SIGINT:
// 1. readiness answers 503 and the listener closes: the load balancer sends new requests elsewhere
//    (a connection to this port is now refused, which it retries on another instance);
// 2. idle keep-alive connections close at once; a busy one gets `Connection: close` on its answer
//    and closes after it, so no client sends another request down a closing connection;
// 3. requests in flight finish, for up to DRAIN_MS, then whatever remains is cut;
// 4. the reminder scheduler stops, the email sender finishes its sends and gives its remaining
//    claims back to the outbox (another instance sends them), and the database pools and Redis
//    close; the process exits 0.
import type { IncomingMessage, ServerResponse } from "node:http";
import { db } from "../lib/db";
import { markDraining } from "../lib/db/health";
import type { EmailSender } from "../lib/email/sender";
import { closeRateLimitRedis } from "../lib/http/rate-limit";
import { logger } from "../lib/observability/logger";
import type { ReminderScheduler } from "../lib/reminders/scheduler";

/** How long requests in flight may take to finish once a stop is asked for. */
export const DRAIN_MS = 10_000;
/** The process exits (1) after this whatever is still pending: a stop never hangs. */
const HARD_DEADLINE_MS = DRAIN_MS + 5_000;

/** What the stop needs of the HTTP server (server/main.ts's has its own response class). */
type DrainableServer = {
  close(callback: () => void): unknown;
  closeIdleConnections(): void;
  closeAllConnections(): void;
  prependListener(event: "request", listener: (request: IncomingMessage, response: ServerResponse) => void): unknown;
};

export type ShutdownParts = {
  server: DrainableServer;
  reminderScheduler: ReminderScheduler;
  emailSender?: EmailSender;
  exit?: (code: number) => void;
};

/** Awaits one step of the stop, logging its failure instead of letting it stop the others. */
async function settled(step: string, work: Promise<unknown>, log: { error(fields: object, message: string): void }) {
  try {
    await work;
  } catch (error) {
    log.error({ step, err: error instanceof Error ? error.message : String(error) }, "shutdown step failed");
  }
}

/** Installs the SIGTERM / SIGINT handlers; returns the stop function itself (tests call it). */
export function handleShutdownSignals(parts: ShutdownParts): () => Promise<void> {
  const { server } = parts;
  const exit = parts.exit ?? ((code: number) => process.exit(code));
  const log = logger.child({ component: "shutdown" });
  let stopping: Promise<void> | undefined;

  // Every answer begun after the stop was asked for closes its connection.
  const inFlight = new Set<ServerResponse>();
  server.prependListener("request", (_request: IncomingMessage, response: ServerResponse) => {
    if (stopping) response.setHeader("Connection", "close");
    inFlight.add(response);
    response.once("close", () => inFlight.delete(response));
  });

  async function stop(signal: string): Promise<void> {
    const startedAt = Date.now();
    log.info({ signal, inFlight: inFlight.size }, "stopping: draining requests in flight");
    const deadline = setTimeout(() => {
      log.error("stop took too long; exiting");
      exit(1);
    }, HARD_DEADLINE_MS);
    deadline.unref();

    markDraining();
    for (const response of inFlight) if (!response.headersSent) response.setHeader("Connection", "close");
    const drained = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    // A connection whose answer was already under way when the stop began (a download) becomes
    // idle when it ends: close it then.
    const sweeper = setInterval(() => server.closeIdleConnections(), 100);
    const cut = new Promise<"cut">((resolve) => setTimeout(() => resolve("cut"), DRAIN_MS).unref());

    // The background work stops alongside the drain; the sender needs the database to give its
    // claims back, so the pools close after both.
    const background = Promise.all([
      settled("reminders", parts.reminderScheduler.stop(DRAIN_MS), log),
      settled("email", parts.emailSender?.stop(DRAIN_MS) ?? Promise.resolve(), log),
    ]);
    const outcome = await Promise.race([drained, cut]);
    clearInterval(sweeper);
    if (outcome === "cut") {
      log.warn({ remaining: inFlight.size }, `requests still in flight after ${DRAIN_MS} ms: closing their connections`);
      server.closeAllConnections();
    }
    await background;
    await Promise.all([settled("database", db.$disconnect(), log), settled("redis", closeRateLimitRedis(), log)]);
    clearTimeout(deadline);
    log.info({ ms: Date.now() - startedAt }, "stopped");
    exit(0);
  }

  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      // `npm start` forwards a terminal's Ctrl-C, which the server also receives itself: once is enough.
      if (stopping) return log.info({ signal }, "already stopping");
      stopping = stop(signal);
    });
  }
  return () => (stopping ??= stop("stop()"));
}
