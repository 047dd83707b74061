// Admin → Emails → Resend: a message that failed goes back to the outbox as if new, for the
// sender to try again (after the owner fixed the address, the SMTP account or the outage).
import type { Db } from "../db";
import { recordAuditEvent } from "../licenses/audit";

/** A resent message gets a fresh sending window, like a newly queued one (outbox.ts). */
const RESEND_WITHIN_MS = 3 * 24 * 60 * 60 * 1000;

export type ResendResult =
  | { outcome: "resent" }
  | { outcome: "not_found" }
  | { outcome: "not_failed"; status: string }
  | { outcome: "body_cleared" };

/**
 * Puts a failed message back to pending with its attempts at zero, due now. One conditional
 * update (`status = failed`), so two admins pressing Resend queue it once, and a message that is
 * pending, sending or sent is never sent again from here. A message that held a one-time link had
 * its body cleared when it failed: there is nothing worth sending, the customer must ask again.
 */
export async function resendEmailMessage(
  db: Db,
  input: { messageId: string; actor: string; now?: Date },
): Promise<ResendResult> {
  const now = input.now ?? new Date();
  return db.$transaction(async (tx) => {
    const { count } = await tx.emailMessage.updateMany({
      where: { id: input.messageId, status: "failed", sensitive: false },
      data: {
        status: "pending",
        attempts: 0,
        nextAttemptAt: now,
        expiresAt: new Date(now.getTime() + RESEND_WITHIN_MS),
        claimedBy: null,
        claimExpiresAt: null,
        lastError: null,
      },
    });
    const message = await tx.emailMessage.findUnique({
      where: { id: input.messageId },
      select: { status: true, sensitive: true, kind: true, recipient: true },
    });
    if (!message) return { outcome: "not_found" };
    if (count === 1) {
      await recordAuditEvent(tx, {
        actor: input.actor,
        action: "email.resent",
        subject: `email:${input.messageId}`,
        details: { kind: message.kind, recipient: message.recipient },
      });
      return { outcome: "resent" };
    }
    if (message.status === "failed" && message.sensitive) return { outcome: "body_cleared" };
    return { outcome: "not_failed", status: message.status };
  });
}
