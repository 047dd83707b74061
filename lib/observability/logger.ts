// The one logger: JSON lines on stdout (pino), one object per event, for a log shipper to read.
// `npm run dev` pipes them through pino-pretty. Every line carries the instance, so the lines of
// several instances behind a load balancer can be told apart. What must never be logged (full keys,
// emails, passwords, tokens, webhook payloads) is kept out by the callers, who log ids and masked
// keys; the redaction below is the second line of defence for the field names that carry them.
import { hostname } from "node:os";
import pino, { type Logger } from "pino";
import { getEnv } from "../env";
import { errorForLog } from "./scrub";

export type { Logger };

/** Field names whose values are replaced wherever they appear in a logged object (two levels deep). */
const REDACTED_FIELDS = ["key", "licenseKey", "license_key", "password", "token", "secret", "email", "authorization", "cookie"];

function loggerOptions(): pino.LoggerOptions {
  const env = getEnv();
  return {
    level: env.LOG_LEVEL,
    base: { instance: env.INSTANCE_ID ?? `${hostname()}:${process.pid}` },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    redact: { paths: REDACTED_FIELDS.flatMap((field) => [field, `*.${field}`]), censor: "[redacted]" },
    // `{ err }` is written with keys, addresses and secret parameters masked in its message and stack.
    serializers: { err: errorForLog },
  };
}

function createLogger(): Logger {
  const options = loggerOptions();
  // Asynchronous writes keep the request path from waiting on stdout; flushed at exit.
  const destination = pino.destination({ dest: 1, sync: false });
  process.once("exit", () => destination.flushSync());
  return pino(options, destination);
}

// One logger per process, shared by server/main.ts and the Next.js bundle (each loads its own copy
// of this module).
const LOGGER = Symbol.for("cp-store.logger");
const holder = globalThis as { [LOGGER]?: Logger };

/** The process's logger, created on first use (never at import: `next build` imports this file). */
export const logger: Logger = new Proxy({} as Logger, {
  get(_target, property) {
    holder[LOGGER] ??= createLogger();
    const value: unknown = Reflect.get(holder[LOGGER], property);
    return typeof value === "function" ? value.bind(holder[LOGGER]) : value;
  },
});

/**
 * Tests only: every line written from now on goes to `write` (at level info and above) instead of
 * stdout, until the returned function puts the process's logger back. Child loggers made before
 * the call keep writing where they did.
 */
export function captureLogsForTests(write: (line: string) => void): () => void {
  const previous = holder[LOGGER];
  holder[LOGGER] = pino({ ...loggerOptions(), level: "info" }, { write });
  return () => {
    holder[LOGGER] = previous;
  };
}
