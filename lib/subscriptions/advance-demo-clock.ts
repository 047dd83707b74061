// Admin → Demo → "Advance the clock": a demo store behaves as if N days had passed, so a yearly
// subscription's renewal (or a key's expiry, and the reminders around it) can be seen today.
// Rather than faking "now" everywhere (Verify, pages, the scheduler each read the real clock),
// every stored date that says when a term ends moves N days into the past, in one transaction.
import { providerOf, type Db, type DbClient } from "../db";
import { getEnv } from "../env";
import { ApiError } from "../http/api-error";
import { recordAuditEvent } from "../licenses/audit";
import { fulfilOrder, ORDER_TRANSACTION_OPTIONS } from "../orders/fulfil-order";
import { addOneYear } from "./subscription-order";

export const MAX_CLOCK_DAYS = 400;
/** A subscription far behind (it cannot be, days ≤ 400 each time) renews at most this many periods at once. */
const MAX_PERIODS_PER_ADVANCE = 5;

/** Every stored "term ends at" date: moved together, so the store stays consistent with itself. */
const TERM_DATES = [
  ["License", "expiresAt"],
  ["Subscription", "currentPeriodEnd"],
  ["OrderItem", "previousExpiresAt"],
  ["OrderItem", "newExpiresAt"],
] as const;

export type AdvanceClockResult = { days: number; licensesMoved: number; renewed: number; cancelled: number };

/**
 * Advances the demo store's clock by `days` (1–400): every key's expiry, subscription period end,
 * reminder term and renewal record moves `days` into the past; then each active demo subscription
 * whose period has ended renews (one paid demo renewal order per period, fulfilled like a Stripe
 * renewal invoice: same key, receipt "renewed until"), and each one cancelled at the period's end
 * ends (status canceled; its key lapses). Demo payments only: a 404 anywhere else.
 */
export async function advanceDemoClock(db: Db, input: { days: number; actor: string }): Promise<AdvanceClockResult> {
  if (getEnv().payments !== "demo") throw new ApiError(404, "NOT_FOUND", "Not found");
  const { days } = input;
  if (!Number.isInteger(days) || days < 1 || days > MAX_CLOCK_DAYS) {
    throw new ApiError(400, "INVALID_DAYS", `Advance the clock by 1 to ${MAX_CLOCK_DAYS} days`);
  }
  const shift = shiftSql(providerOf(db));
  return db.$transaction(async (tx) => {
    let licensesMoved = 0;
    for (const [table, column] of TERM_DATES) {
      const moved = await tx.$executeRawUnsafe(`UPDATE "${table}" SET "${column}" = ${shift(column, -days)} WHERE "${column}" IS NOT NULL`);
      if (table === "License") licensesMoved = moved;
    }
    // (licenseId, termEnd, offsetDays) is unique and checked row by row: two terms of one key N days
    // apart would collide half-way through one UPDATE. Going far away and back avoids any overlap.
    const away = 400_000;
    await tx.$executeRawUnsafe(`UPDATE "LicenseReminder" SET "termEnd" = ${shift("termEnd", -days - away)}`);
    await tx.$executeRawUnsafe(`UPDATE "LicenseReminder" SET "termEnd" = ${shift("termEnd", away)}`);

    const { renewed, cancelled } = await renewDueDemoSubscriptions(db, tx, input.actor);
    await recordAuditEvent(tx, { actor: input.actor, action: "demo.clock_advanced", subject: "store", details: { days, renewed, cancelled } });
    return { days, licensesMoved, renewed, cancelled };
  }, ORDER_TRANSACTION_OPTIONS);
}

/** SQL moving a timestamp column by whole days, in each engine's storage format (`days` is a checked integer). */
function shiftSql(provider: "sqlite" | "postgresql"): (column: string, days: number) => string {
  if (provider === "postgresql") return (column, days) => `"${column}" + interval '${days} days'`;
  // Prisma stores SQLite timestamps as ISO 8601 text with an explicit +00:00 offset (lib/db/sql.ts):
  // the result keeps that format, so text comparisons in queries stay right.
  return (column, days) => `strftime('%Y-%m-%dT%H:%M:%f', "${column}", '${days >= 0 ? "+" : ""}${days} days') || '+00:00'`;
}

/** The renewal step: what a Stripe subscription's yearly invoice would do, for each demo one now due. */
async function renewDueDemoSubscriptions(db: Db, tx: DbClient, actor: string): Promise<{ renewed: number; cancelled: number }> {
  const now = new Date();
  const due = await tx.subscription.findMany({
    where: { provider: "demo", status: { not: "canceled" }, currentPeriodEnd: { lte: now } },
    select: {
      id: true,
      orderId: true,
      cancelAtPeriodEnd: true,
      currentPeriodEnd: true,
      license: { select: { id: true, userId: true, productId: true, productName: true, revokedAt: true } },
    },
    orderBy: { id: "asc" },
  });
  let renewed = 0;
  let cancelled = 0;
  for (const subscription of due) {
    const license = subscription.license;
    if (subscription.cancelAtPeriodEnd || !license || license.revokedAt || !subscription.currentPeriodEnd) {
      await tx.subscription.update({ where: { id: subscription.id }, data: { status: "canceled" } });
      cancelled++;
      continue;
    }
    const first = await tx.order.findUniqueOrThrow({ where: { id: subscription.orderId }, select: { amountCents: true, currency: true } });
    let periodEnd = subscription.currentPeriodEnd;
    for (let period = 0; period < MAX_PERIODS_PER_ADVANCE && periodEnd.getTime() <= now.getTime(); period++) {
      periodEnd = addOneYear(periodEnd);
      const order = await tx.order.create({
        data: {
          userId: license.userId,
          provider: "demo",
          status: "pending",
          amountCents: first.amountCents,
          currency: first.currency,
          items: {
            create: [
              {
                kind: "renewal",
                targetLicenseId: license.id,
                productId: license.productId,
                productName: license.productName,
                unitPriceCents: first.amountCents,
                quantity: 1,
              },
            ],
          },
        },
        select: { id: true },
      });
      await fulfilOrder(db, order.id, actor, tx, { periodEnd });
      renewed++;
    }
    await tx.subscription.update({ where: { id: subscription.id }, data: { currentPeriodEnd: periodEnd, status: "active" } });
  }
  return { renewed, cancelled };
}

/** How far the demo clock has moved, for Admin → Demo to say so (from the audit log). */
export async function demoClockDaysAdvanced(db: DbClient): Promise<number> {
  const entries = await db.auditEvent.findMany({ where: { action: "demo.clock_advanced" }, select: { details: true } });
  return entries.reduce((sum, entry) => {
    try {
      const days = (JSON.parse(entry.details ?? "{}") as { days?: unknown }).days;
      return sum + (typeof days === "number" ? days : 0);
    } catch {
      return sum;
    }
  }, 0);
}
