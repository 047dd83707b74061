// The reminder scheduler that runs in every server process: a pass (run-reminders.ts) shortly after
// start, then every REMINDER_INTERVAL_MS. Passes never overlap within a process; across processes
// the LicenseReminder row decides, so every instance may run it.
import type { Db } from "../db";
import { runDueReminders } from "./run-reminders";
import { logger } from "../observability/logger";

export type ReminderSchedulerOptions = {
  intervalMs: number;
  /** The wait before the first pass: after start-up's own work, not during it. */
  firstRunDelayMs?: number;
  now?: () => Date;
  log?: (message: string) => void;
};

export type ReminderScheduler = {
  /** A pass now, or the one already running (never two at once). */
  runNow(): Promise<{ queued: number }>;
  /** No further passes; waits (up to `graceMs`) for the one running. */
  stop(graceMs?: number): Promise<void>;
};

/**
 * A failure's name and first line, with anything shaped like an email address or a license key
 * taken out: a database error may quote the values it was given.
 */
export function describeFailure(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  const text = (error instanceof Error ? error.message : String(error)).split("\n")[0] ?? "";
  const redacted = text
    .replace(/[^\s"'<>]+@[^\s"'<>]+/g, "[address]")
    .replace(/CP-[0-9A-Z-]{4,}/gi, "[key]")
    .slice(0, 300);
  return typeof code === "string" ? `${code}: ${redacted}` : redacted;
}

export function startReminderScheduler(db: Db, options: ReminderSchedulerOptions): ReminderScheduler {
  const now = options.now ?? (() => new Date());
  const log = options.log ?? ((message: string) => logger.child({ component: "reminders" }).warn(message));
  let stopping = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<{ queued: number }> | null = null;

  function runNow(): Promise<{ queued: number }> {
    running ??= runDueReminders(db, now()).finally(() => {
      running = null;
    });
    return running;
  }

  function tick() {
    runNow()
      .catch((error: unknown) => log(`pass failed (retried at the next one): ${describeFailure(error)}`))
      .finally(() => {
        if (!stopping) timer = setTimeout(tick, options.intervalMs);
      });
  }
  timer = setTimeout(tick, options.firstRunDelayMs ?? Math.min(10_000, options.intervalMs));

  return {
    runNow,
    async stop(graceMs = 10_000) {
      stopping = true;
      clearTimeout(timer);
      const current = running;
      if (current) await Promise.race([current.catch(() => undefined), new Promise((resolve) => setTimeout(resolve, graceMs).unref())]);
    },
  };
}
