// The outbox's depth for the metrics (cpstore_email_outbox_messages): messages not sent yet, by
// status, counted at scrape time. Sent messages are not counted: they only grow, and counting
// them would scan the table on every scrape; the unsent ones are few and found by the status index.
import type { DbClient } from "../db";

const UNSENT = ["pending", "sending", "failed"] as const;

/** How many messages are pending, being sent, and failed (every status present, 0 when none). */
export async function countOutboxByStatus(db: DbClient): Promise<Record<string, number>> {
  const rows = await db.emailMessage.groupBy({ by: ["status"], where: { status: { in: [...UNSENT] } }, _count: { _all: true } });
  const counts: Record<string, number> = Object.fromEntries(UNSENT.map((status) => [status, 0]));
  for (const row of rows) counts[row.status] = row._count._all;
  return counts;
}
