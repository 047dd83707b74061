// The email outbox: a message is a row written in the transaction of the event that causes it (an
// order paid, a key revoked, a reset asked for), so it exists exactly when its cause committed.
// The sender (sender.ts) delivers it later; no request ever waits for SMTP.
import { renderEmail, type EmailContent, type EmailContext, type RenderedEmail } from "../../emails";
import type { DbClient } from "../db";
import { getEnv } from "../env";

export type QueueEmailInput = {
  to: string;
  /** The account it concerns, when there is one (Admin → Emails links to it). */
  userId?: string | null;
  content: EmailContent;
  /** The body carries a one-time link: cleared once sent or given up (sender.ts). */
  sensitive?: boolean;
  /** Not sent after this: a link that has expired by then is worth nothing. */
  expiresAt?: Date;
};

/** How long an ordinary message stays worth sending (an SMTP outage, SMTP configured later). */
const DEFAULT_SEND_WITHIN_MS = 3 * 24 * 60 * 60 * 1000;

export function emailContext(): EmailContext {
  const env = getEnv();
  return { storeName: env.STORE_NAME, baseUrl: env.publicUrl };
}

/** Renders the message and writes it to the outbox with `tx`, the transaction of its cause. */
export async function queueEmail(tx: DbClient, input: QueueEmailInput, now = new Date()): Promise<string> {
  return queueRenderedEmail(tx, input, await renderEmail(input.content, emailContext()), now);
}

/**
 * Writes a message rendered beforehand (renderEmail with emailContext()): for a caller that keeps
 * a render (10–30 ms) out of a transaction it wants short, such as the reminder scheduler.
 */
export async function queueRenderedEmail(tx: DbClient, input: QueueEmailInput, rendered: RenderedEmail, now = new Date()): Promise<string> {
  const row = await tx.emailMessage.create({
    data: {
      kind: input.content.kind,
      recipient: input.to,
      userId: input.userId ?? null,
      subject: rendered.subject,
      html: rendered.html,
      text: rendered.text,
      sensitive: input.sensitive ?? false,
      expiresAt: input.expiresAt ?? new Date(now.getTime() + DEFAULT_SEND_WITHIN_MS),
      nextAttemptAt: now,
    },
    select: { id: true },
  });
  return row.id;
}

/**
 * The owner's notices go to STORE_NOTIFY_EMAIL, else to every admin (read in `tx`, so an admin
 * made in the same transaction counts).
 */
export async function ownerAddresses(tx: DbClient): Promise<string[]> {
  const configured = getEnv().notifyEmails;
  if (configured.length > 0) return configured;
  const admins = await tx.user.findMany({ where: { role: "ADMIN" }, select: { email: true }, orderBy: { createdAt: "asc" } });
  return admins.map((admin) => admin.email);
}

/** Queues one copy of an owner's notice per owner address. */
export async function queueOwnerNotice(tx: DbClient, content: EmailContent): Promise<void> {
  for (const to of await ownerAddresses(tx)) await queueEmail(tx, { to, content });
}
