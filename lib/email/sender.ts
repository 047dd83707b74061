// The sender that runs in every server process: it claims due messages from the outbox
// (claim.ts), sends them over SMTP and marks each sent, due again later (backoff) or failed.
import { hostname } from "node:os";
import { randomBytes } from "node:crypto";
import type { Transporter } from "nodemailer";
import type { Db } from "../db";
import { logger } from "../observability/logger";
import { recordEmailSendFailure } from "../observability/metrics";
import { scrubSecrets } from "../observability/scrub";
import { claimDueMessages, hasDueMessages, releaseClaims, type ClaimedMessage } from "./claim";

/** The wait before attempt 2, 3, …; the attempt after the last one gives up. */
export const RETRY_DELAYS_MS = [60_000, 5 * 60_000, 30 * 60_000, 2 * 60 * 60_000, 12 * 60 * 60_000] as const;

/** How long a claim holds: longer than one send can take (transport.ts's timeouts). */
const LEASE_MS = 2 * 60_000;

/** The last error of a message that expired unsent (Admin → Emails shows it as "expired"). */
export const EXPIRED_ERROR = "Expired before it could be sent";

/** What a message with a one-time link keeps once it is sent or given up. */
export const REDACTED_BODY = {
  html: "<p>This message held a one-time link. Its body was cleared once it was sent or given up.</p>",
  text: "This message held a one-time link. Its body was cleared once it was sent or given up.",
};

export type EmailSenderOptions = {
  db: Db;
  transport: Pick<Transporter, "sendMail">;
  from: string;
  pollMs: number;
  /** How many messages one claim takes, and how many are sent at once. */
  batchSize?: number;
  instanceId?: string;
  now?: () => Date;
  log?: (message: string) => void;
};

export type EmailSender = {
  instanceId: string;
  /** Stops claiming, lets sends in flight finish (up to `graceMs`), then releases what is left. */
  stop(graceMs?: number): Promise<void>;
};

/** A 5xx SMTP answer (mailbox unknown, message refused) will not change on a retry. */
function isPermanent(error: unknown): boolean {
  const code = (error as { responseCode?: unknown }).responseCode;
  return typeof code === "number" && code >= 500 && code < 600;
}

/** A short, single-line reason for Admin → Emails; SMTP answers never carry the message body. */
function describe(error: unknown): string {
  const e = error as { responseCode?: number; code?: string; message?: string };
  const text = (e.message ?? String(error)).replace(/\s+/g, " ").slice(0, 300);
  return e.responseCode ? `${e.responseCode}: ${text}` : e.code ? `${e.code}: ${text}` : text;
}

export function startEmailSender(options: EmailSenderOptions): EmailSender {
  const { db, transport, from } = options;
  const instanceId = options.instanceId ?? `${hostname()}:${process.pid}:${randomBytes(4).toString("hex")}`;
  const batchSize = options.batchSize ?? 20;
  const now = options.now ?? (() => new Date());
  // SMTP errors quote the recipient ("550 <bob@example.com>: unknown"): scrubbed before the log.
  const log = options.log ?? ((message: string) => logger.child({ component: "email" }).warn(scrubSecrets(message)));

  let stopping = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();

  async function settle(message: ClaimedMessage, outcome: { sent: true } | { sent: false; error: unknown }) {
    const at = now();
    const mine = { id: message.id, claimedBy: instanceId, status: "sending" };
    const redacted = message.sensitive ? REDACTED_BODY : {};
    if (outcome.sent) {
      await db.emailMessage.updateMany({ where: mine, data: { status: "sent", sentAt: at, claimedBy: null, claimExpiresAt: null, lastError: null, ...redacted } });
      return;
    }
    const lastError = describe(outcome.error);
    const delay = RETRY_DELAYS_MS[message.attempts - 1];
    const retryAt = delay === undefined ? null : new Date(at.getTime() + delay);
    const giveUp = isPermanent(outcome.error) || retryAt === null || (message.expiresAt !== null && retryAt > message.expiresAt);
    await db.emailMessage.updateMany({
      where: mine,
      data: giveUp
        ? { status: "failed", claimedBy: null, claimExpiresAt: null, lastError, ...redacted }
        : { status: "pending", claimedBy: null, claimExpiresAt: null, lastError, nextAttemptAt: retryAt! },
    });
    if (giveUp) log(`message ${message.id} failed after ${message.attempts} attempt(s): ${lastError}`);
  }

  async function deliver(message: ClaimedMessage) {
    if (message.expiresAt && message.expiresAt < now()) {
      return settle({ ...message, attempts: Number.MAX_SAFE_INTEGER }, { sent: false, error: new Error(EXPIRED_ERROR) });
    }
    try {
      await transport.sendMail({
        from,
        to: message.recipient,
        subject: message.subject,
        html: message.html,
        text: message.text,
        // Stable per message: a copy sent twice (a crash between sending and marking) is recognisable.
        messageId: `<${message.id}@cp-store>`,
      });
    } catch (error) {
      recordEmailSendFailure();
      return settle(message, { sent: false, error });
    }
    await settle(message, { sent: true });
  }

  /** Claims and sends batches until nothing is due (or stopping). */
  async function drain() {
    while (!stopping) {
      const at = now();
      if (!(await hasDueMessages(db, at))) return;
      const claimed = await claimDueMessages(db, { instanceId, now: at, leaseUntil: new Date(at.getTime() + LEASE_MS), limit: batchSize });
      if (claimed.length === 0) return;
      await Promise.all(claimed.map((message) => deliver(message)));
    }
  }

  function tick() {
    running = drain()
      .catch((error: unknown) => log(`sender pass failed: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => {
        if (!stopping) timer = setTimeout(tick, options.pollMs);
      });
  }
  timer = setTimeout(tick, 0);

  return {
    instanceId,
    async stop(graceMs = 10_000) {
      stopping = true;
      clearTimeout(timer);
      await Promise.race([running, new Promise((resolve) => setTimeout(resolve, graceMs).unref())]);
      const released = await releaseClaims(db, instanceId);
      if (released > 0) log(`released ${released} unsent message(s) to other instances`);
    },
  };
}
