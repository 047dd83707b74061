import { afterEach, describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/env";
import {
  METRICS_CONTENT_TYPE,
  observeLicenseApi,
  recordEmailSendFailure,
  recordRateLimitRefusal,
  recordVerifyOutcome,
  recordWebhookOutcome,
  registerPoolMetrics,
  renderMetrics,
  resetMetricsForTests,
  setOutboxDepthReader,
  setRateLimitMemoryFallback,
} from "@/lib/observability/metrics";

/** The value of one sample line, e.g. `cpstore_verify_outcomes_total{code="VALID"}`. */
function sample(text: string, series: string): number | undefined {
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

afterEach(() => resetMetricsForTests());

describe("metrics", () => {
  it("speaks Prometheus's text format 0.0.4", () => {
    expect(METRICS_CONTENT_TYPE).toBe("text/plain; version=0.0.4; charset=utf-8");
  });

  it("counts Verify outcomes by code, rate-limit refusals by limiter, webhooks and email failures", async () => {
    recordVerifyOutcome("VALID");
    recordVerifyOutcome("VALID");
    recordVerifyOutcome("NOT_FOUND");
    recordRateLimitRefusal("license-api-ip");
    recordWebhookOutcome("checkout.session.completed", "processed");
    recordWebhookOutcome("unknown", "rejected");
    recordEmailSendFailure();
    setRateLimitMemoryFallback(true);
    const text = await renderMetrics();
    expect(sample(text, 'cpstore_verify_outcomes_total{code="VALID"}')).toBe(2);
    expect(sample(text, 'cpstore_verify_outcomes_total{code="NOT_FOUND"}')).toBe(1);
    expect(sample(text, 'cpstore_rate_limit_refusals_total{limiter="license-api-ip"}')).toBe(1);
    expect(sample(text, 'cpstore_webhook_events_total{event_type="checkout.session.completed",outcome="processed"}')).toBe(1);
    expect(sample(text, 'cpstore_webhook_events_total{event_type="unknown",outcome="rejected"}')).toBe(1);
    expect(sample(text, "cpstore_email_send_failures_total")).toBe(1);
    expect(sample(text, "cpstore_rate_limit_memory_fallback")).toBe(1);
  });

  it("puts license API answer times in buckets by route and status", async () => {
    observeLicenseApi("verify", 200, 0.003);
    observeLicenseApi("verify", 200, 0.2);
    observeLicenseApi("download", 404, 0.001);
    const text = await renderMetrics();
    expect(sample(text, 'cpstore_license_api_duration_seconds_bucket{le="0.005",route="verify",status="200"}')).toBe(1);
    expect(sample(text, 'cpstore_license_api_duration_seconds_bucket{le="0.25",route="verify",status="200"}')).toBe(2);
    expect(sample(text, 'cpstore_license_api_duration_seconds_count{route="verify",status="200"}')).toBe(2);
    expect(sample(text, 'cpstore_license_api_duration_seconds_count{route="download",status="404"}')).toBe(1);
  });

  it("reads pools and the outbox at scrape time, and still answers when the outbox cannot be read", async () => {
    const pool = { totalCount: 4, idleCount: 1, waitingCount: 0 };
    registerPoolMetrics("prisma", pool);
    let counts: Promise<Record<string, number>> = Promise.resolve({ pending: 3, sending: 1, failed: 0 });
    setOutboxDepthReader(() => counts);
    let text = await renderMetrics();
    expect(sample(text, 'cpstore_db_pool_connections{pool="prisma"}')).toBe(4);
    expect(sample(text, 'cpstore_db_pool_idle_connections{pool="prisma"}')).toBe(1);
    expect(sample(text, 'cpstore_email_outbox_messages{status="pending"}')).toBe(3);

    Object.assign(pool, { waitingCount: 5 });
    counts = Promise.reject(new Error("database down"));
    text = await renderMetrics();
    expect(sample(text, 'cpstore_db_pool_waiting_requests{pool="prisma"}')).toBe(5);
    expect(sample(text, 'cpstore_email_outbox_messages{status="pending"}')).toBeUndefined();
    expect(text).toContain("cpstore_process_cpu_seconds_total");
  });

  it("keeps one registry per process, whichever copy of the module records", async () => {
    recordVerifyOutcome("EXPIRED");
    const holder = globalThis as Record<symbol, unknown>;
    expect(holder[Symbol.for("cp-store.metrics")]).toBeDefined();
    expect(sample(await renderMetrics(), 'cpstore_verify_outcomes_total{code="EXPIRED"}')).toBe(1);
  });
});

describe("METRICS_TOKEN", () => {
  it("is optional, and refused when shorter than 16 characters", () => {
    expect(parseEnv({}).METRICS_TOKEN).toBeUndefined();
    expect(parseEnv({ METRICS_TOKEN: "0123456789abcdef" }).METRICS_TOKEN).toBe("0123456789abcdef");
    expect(() => parseEnv({ METRICS_TOKEN: "too-short" })).toThrow(/METRICS_TOKEN: must be at least 16 characters/);
  });
});
