// The second line of defence for free text that reaches the log: error messages and stacks can
// quote what a library was given (a Prisma validation error prints the query's arguments, a
// network error a URL with its query string). Callers log ids and masked keys; this masks what
// slips through anyway.
import { maskLicenseKey } from "../licenses/key";

/** A license key in any case, with any dashes or spaces a customer pastes between its groups. */
const KEY_IN_TEXT = /\bCP[\s-]?(?:[0-9A-Z]{5}[\s-]?){4}[0-9A-Z]{5}\b/gi;
const EMAIL_IN_TEXT = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
/** `token=…`, `password=…`, `secret: …` in a URL, a query or a message. */
const SECRET_PARAMETER = /\b(token|password|secret|key|license_key)(["']?\s*[=:]\s*["']?)[^\s&"',}]+/gi;

/** `text` with license keys masked and email addresses and secret parameters replaced. */
export function scrubSecrets(text: string): string {
  return text
    .replace(KEY_IN_TEXT, (key) => maskLicenseKey(key))
    .replace(EMAIL_IN_TEXT, "[email]")
    .replace(SECRET_PARAMETER, "$1$2[redacted]");
}

export type LoggedError = { type: string; message: string; code?: string; stack?: string };

/** An error as a log line carries it (pino's `err` field): type, code, message and stack, scrubbed. */
export function errorForLog(error: unknown): LoggedError {
  if (!(error instanceof Error)) return { type: typeof error, message: scrubSecrets(String(error)) };
  const code = (error as { code?: unknown }).code;
  return {
    type: error.name,
    message: scrubSecrets(error.message),
    ...(typeof code === "string" || typeof code === "number" ? { code: String(code) } : {}),
    ...(error.stack ? { stack: scrubSecrets(error.stack) } : {}),
  };
}
