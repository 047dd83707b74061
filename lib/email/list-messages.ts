// Admin → Emails: the outbox read newest first, with what each message's state means for the
// owner (an "expired" one will never go out; without SMTP a pending one is kept, not sent).
import type { Db, EmailMessage, Prisma } from "../db";
import { decodeKeysetCursor, InvalidCursorError, keysetPage, keysetQuery } from "../db/keyset";
import { EXPIRED_ERROR } from "./sender";

export const EMAIL_STATUSES = ["pending", "sending", "sent", "failed"] as const;
export type EmailStatus = (typeof EMAIL_STATUSES)[number];

export const EMAILS_PER_PAGE = 50;

/** What the list shows of a message: never the body (it may hold a one-time link). */
export type EmailListItem = Pick<
  EmailMessage,
  "id" | "kind" | "recipient" | "subject" | "status" | "attempts" | "lastError" | "createdAt" | "sentAt" | "expiresAt" | "nextAttemptAt"
>;

const listFields = {
  id: true,
  kind: true,
  recipient: true,
  subject: true,
  status: true,
  attempts: true,
  lastError: true,
  createdAt: true,
  sentAt: true,
  expiresAt: true,
  nextAttemptAt: true,
} as const;

export { InvalidCursorError as InvalidEmailCursorError };

/**
 * One page of messages, newest first, by keyset pagination on (createdAt, id) like Admin →
 * Licenses: every page costs the same however large the outbox grows, and no count of the table.
 * `recipient` matches part of an address (addresses are stored as typed, usually lower case).
 */
export async function listEmailMessages(
  db: Db,
  options: { status?: EmailStatus; recipient?: string; cursor?: string | null; perPage?: number },
) {
  const perPage = Math.min(Math.max(options.perPage ?? EMAILS_PER_PAGE, 1), 100);
  const cursor = options.cursor ? decodeKeysetCursor(options.cursor) : null;
  const keyset = keysetQuery(cursor);
  const and: Prisma.EmailMessageWhereInput[] = [];
  if (options.status) and.push({ status: options.status });
  const recipient = options.recipient?.trim().toLowerCase();
  if (recipient) and.push({ recipient: { contains: recipient } });
  if (keyset.where) and.push(keyset.where);
  const rows = await db.emailMessage.findMany({ where: { AND: and }, orderBy: keyset.orderBy, take: perPage + 1, select: listFields });
  const { items, nextCursor, prevCursor } = keysetPage(rows, perPage, cursor);
  return { items, nextCursor, prevCursor };
}

/** One message with its body, for its own page. */
export function findEmailMessage(db: Db, id: string): Promise<EmailMessage | null> {
  return db.emailMessage.findUnique({ where: { id } });
}

export type EmailStateLabel = { label: string; tone: "green" | "amber" | "red" | "slate" | "indigo" };

/**
 * How a message's state reads to the owner. Stored status first; then the two facts the status
 * alone hides: a message past its expiry will never be sent (the sender fails it), and without
 * SMTP a pending message is kept here on purpose, not stuck.
 */
export function describeEmailState(
  message: Pick<EmailMessage, "status" | "expiresAt" | "lastError">,
  context: { emailConfigured: boolean; now: Date },
): EmailStateLabel {
  const expired = message.expiresAt !== null && message.expiresAt <= context.now;
  if (message.status === "sent") return { label: "sent", tone: "green" };
  if (message.status === "failed") {
    return message.lastError === EXPIRED_ERROR ? { label: "expired", tone: "slate" } : { label: "failed", tone: "red" };
  }
  if (expired) return { label: "expired", tone: "slate" };
  if (message.status === "sending") return { label: "sending", tone: "indigo" };
  if (!context.emailConfigured) return { label: "not sent: email not configured", tone: "amber" };
  return { label: "pending", tone: "amber" };
}
