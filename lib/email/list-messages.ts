// Admin → Emails: the outbox read newest first, with what each message's state means for the
// owner (an "expired" one will never go out; without SMTP a pending one is kept, not sent).
import type { Db, EmailMessage, Prisma } from "../db";
import { parseIsoTimestamp } from "../db/timestamps";
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

type Cursor = { at: string; id: string; dir: "next" | "prev" };

export class InvalidEmailCursorError extends Error {
  constructor() {
    super("The cursor is not valid for this list");
  }
}

const encodeCursor = (cursor: Cursor) => Buffer.from(JSON.stringify(cursor)).toString("base64url");

function decodeCursor(raw: string): Cursor {
  try {
    const c = JSON.parse(Buffer.from(raw, "base64url").toString("utf8")) as Partial<Cursor>;
    const at = parseIsoTimestamp(c.at);
    if (at && typeof c.id === "string" && (c.dir === "next" || c.dir === "prev")) return { at: at.toISOString(), id: c.id, dir: c.dir };
  } catch {
    // fall through
  }
  throw new InvalidEmailCursorError();
}

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
  const cursor = options.cursor ? decodeCursor(options.cursor) : null;
  const and: Prisma.EmailMessageWhereInput[] = [];
  if (options.status) and.push({ status: options.status });
  const recipient = options.recipient?.trim().toLowerCase();
  if (recipient) and.push({ recipient: { contains: recipient } });
  if (cursor) {
    const at = new Date(cursor.at);
    const op = cursor.dir === "next" ? "lt" : "gt";
    and.push({ OR: [{ createdAt: { [op]: at } }, { createdAt: at, id: { [op]: cursor.id } }] });
  }
  const backwards = cursor?.dir === "prev";
  const order = backwards ? "asc" : "desc";
  const rows = await db.emailMessage.findMany({
    where: { AND: and },
    orderBy: [{ createdAt: order }, { id: order }],
    take: perPage + 1,
    select: listFields,
  });
  const hasExtra = rows.length > perPage;
  const page = rows.slice(0, perPage);
  if (backwards) page.reverse();
  const first = page[0];
  const last = page.at(-1);
  const hasNext = backwards ? true : hasExtra;
  const hasPrev = backwards ? hasExtra : cursor !== null;
  const position = (row: EmailListItem) => ({ at: row.createdAt.toISOString(), id: row.id });
  return {
    items: page,
    nextCursor: hasNext && last ? encodeCursor({ ...position(last), dir: "next" }) : null,
    prevCursor: hasPrev && first ? encodeCursor({ ...position(first), dir: "prev" }) : null,
  };
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
