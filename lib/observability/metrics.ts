// Prometheus metrics (prom-client), scraped from GET /metrics (server/main.ts). One registry per
// process: server/main.ts and the Next.js bundle each load their own copy of this module, so the
// registry and its metrics live on globalThis under a symbol and every copy records into the same
// ones. Labels take only bounded values (codes, route names, event types, limiter names), never a
// key, a path with a token, or an address.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";

/** The license API's routes as the latency histogram names them. */
export type LicenseApiRoute = "verify" | "deactivate" | "signing-key" | "update-check" | "download";

/** What became of a Stripe webhook delivery (rejected: bad signature or payload). */
export type WebhookOutcome = "processed" | "duplicate" | "ignored" | "failed" | "rejected" | "not_configured";

/** What a pg Pool tells about itself (structural, so this file does not import pg). */
export type PoolStats = { readonly totalCount: number; readonly idleCount: number; readonly waitingCount: number };

/** Counts the outbox's messages not yet sent, by status; read at scrape time. */
export type OutboxDepthReader = () => Promise<Record<string, number>>;

type Metrics = {
  registry: Registry;
  verifyOutcomes: Counter<"code">;
  licenseApiDuration: Histogram<"route" | "status">;
  /** labels() children by `route status`: the lean path skips prom-client's label hashing. */
  durationChildren: Map<string, { observe(value: number): void }>;
  webhookOutcomes: Counter<"event_type" | "outcome">;
  emailSendFailures: Counter;
  rateLimitRefusals: Counter<"limiter">;
  rateLimitFallback: Gauge;
  pools: Map<string, PoolStats>;
  outboxDepthReader: OutboxDepthReader | undefined;
};

const METRICS = Symbol.for("cp-store.metrics");
const holder = globalThis as { [METRICS]?: Metrics };

function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "cpstore_" });
  const pools = new Map<string, PoolStats>();
  const metrics: Metrics = {
    registry,
    verifyOutcomes: new Counter({
      name: "cpstore_verify_outcomes_total",
      help: "Verify answers by code (VALID, EXPIRED, REVOKED, NOT_FOUND, ...; INVALID_* for refused input)",
      labelNames: ["code"],
      registers: [registry],
    }),
    licenseApiDuration: new Histogram({
      name: "cpstore_license_api_duration_seconds",
      help: "License API (lean path) answer time by route and HTTP status",
      labelNames: ["route", "status"],
      // Verify answers in a few ms; downloads stream for seconds.
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    }),
    durationChildren: new Map(),
    webhookOutcomes: new Counter({
      name: "cpstore_webhook_events_total",
      help: "Stripe webhook deliveries by event type and outcome (processed, duplicate, ignored, failed, rejected, not_configured)",
      labelNames: ["event_type", "outcome"],
      registers: [registry],
    }),
    emailSendFailures: new Counter({
      name: "cpstore_email_send_failures_total",
      help: "Attempts to send an outbox message that failed (it is retried with backoff, then marked failed)",
      registers: [registry],
    }),
    rateLimitRefusals: new Counter({
      name: "cpstore_rate_limit_refusals_total",
      help: "Requests refused by a rate limiter, by limiter name",
      labelNames: ["limiter"],
      registers: [registry],
    }),
    rateLimitFallback: new Gauge({
      name: "cpstore_rate_limit_memory_fallback",
      help: "1 while rate limits count in this instance's memory because Redis (REDIS_URL) does not answer, else 0",
      registers: [registry],
    }),
    pools,
    outboxDepthReader: undefined,
  };
  new Gauge({
    name: "cpstore_email_outbox_messages",
    help: "Outbox messages not sent yet, by status (pending, sending, failed)",
    labelNames: ["status"],
    registers: [registry],
    async collect() {
      const read = metrics.outboxDepthReader;
      if (!read) return;
      this.reset();
      // A database that does not answer leaves the gauge empty: the scrape still shows the rest.
      const counts = await read().catch(() => ({}));
      for (const [status, count] of Object.entries(counts)) this.set({ status }, count);
    },
  });
  const poolGauge = (name: string, help: string, pick: (pool: PoolStats) => number) =>
    new Gauge({
      name,
      help,
      labelNames: ["pool"],
      registers: [registry],
      collect() {
        for (const [pool, stats] of pools) this.set({ pool }, pick(stats));
      },
    });
  poolGauge("cpstore_db_pool_connections", "PostgreSQL pool connections open (in use + idle)", (pool) => pool.totalCount);
  poolGauge("cpstore_db_pool_idle_connections", "PostgreSQL pool connections open and idle", (pool) => pool.idleCount);
  poolGauge("cpstore_db_pool_waiting_requests", "Queries waiting for a PostgreSQL pool connection", (pool) => pool.waitingCount);
  return metrics;
}

function metrics(): Metrics {
  return (holder[METRICS] ??= createMetrics());
}

/** Counts one Verify answer by its code. */
export function recordVerifyOutcome(code: string): void {
  metrics().verifyOutcomes.inc({ code });
}

/** Records one license API answer's time. */
export function observeLicenseApi(route: LicenseApiRoute, status: number, seconds: number): void {
  const m = metrics();
  const id = `${route} ${status}`;
  let child = m.durationChildren.get(id);
  if (!child) {
    child = m.licenseApiDuration.labels(route, String(status));
    m.durationChildren.set(id, child);
  }
  child.observe(seconds);
}

/** Counts one Stripe webhook delivery by event type (`unknown` before the signature is checked). */
export function recordWebhookOutcome(eventType: string, outcome: WebhookOutcome): void {
  metrics().webhookOutcomes.inc({ event_type: eventType, outcome });
}

/** Counts one failed attempt to send an outbox message. */
export function recordEmailSendFailure(): void {
  metrics().emailSendFailures.inc();
}

/** Counts one request a rate limiter refused; `limiter` is the limiter's name, never a key or address. */
export function recordRateLimitRefusal(limiter: string): void {
  metrics().rateLimitRefusals.inc({ limiter });
}

/** Marks whether rate limits have fallen back to in-memory counting (Redis unreachable). */
export function setRateLimitMemoryFallback(active: boolean): void {
  metrics().rateLimitFallback.set(active ? 1 : 0);
}

/**
 * Reports a pg Pool's connections (total, idle, waiting) under `name` at every scrape. Registering
 * the same name again (a pool recreated) replaces the old one.
 */
export function registerPoolMetrics(name: string, pool: PoolStats): void {
  metrics().pools.set(name, pool);
}

/** Sets how the outbox depth is counted at scrape time (server/main.ts passes a database query). */
export function setOutboxDepthReader(read: OutboxDepthReader): void {
  metrics().outboxDepthReader = read;
}

export const METRICS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

/** Every metric in Prometheus's text format. */
export function renderMetrics(): Promise<string> {
  return metrics().registry.metrics();
}

/** Forgets every value (tests only: a fresh registry for the next test). */
export function resetMetricsForTests(): void {
  delete holder[METRICS];
}
