import type { DbClient } from "../db";

/** Appends an audit entry; call it inside the transaction of the change it records. */
export function recordAuditEvent(
  db: DbClient,
  entry: { actor: string; action: string; subject: string; details?: Record<string, unknown> },
) {
  return db.auditEvent.create({
    data: {
      actor: entry.actor,
      action: entry.action,
      subject: entry.subject,
      details: entry.details ? JSON.stringify(entry.details) : null,
    },
  });
}
