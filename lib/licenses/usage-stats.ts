import { Prisma, type Db } from "../db";
import { logger } from "../observability/logger";

const FLUSH_EVERY_MS = 10_000;

/** Pending increments per "day|metric", flushed in one batch; a crash loses at most 10 s of counts. */
const pending = new Map<string, number>();
let timer: NodeJS.Timeout | undefined;
let flushTarget: Db | undefined;

const dayOf = (date: Date) => date.toISOString().slice(0, 10);
const DAY_MS = 86_400_000;
/** The pending-map key of the UTC day being counted, formatted once a day rather than per call. */
let countingDay = { number: -1, key: "" };

/**
 * Counts a Verify call for the dashboard's per-day chart without a database write per request:
 * counts accumulate in memory and are added with one upsert per day and metric every 10 seconds.
 */
export function countVerification(db: Db, now = new Date()): void {
  const dayNumber = Math.floor(now.getTime() / DAY_MS);
  if (dayNumber !== countingDay.number) countingDay = { number: dayNumber, key: `${dayOf(now)}|verifications` };
  const key = countingDay.key;
  pending.set(key, (pending.get(key) ?? 0) + 1);
  flushTarget = db;
  timer ??= setTimeout(() => void flushUsageCounts(), FLUSH_EVERY_MS).unref();
}

/** Writes pending counts (also called on shutdown and by tests). */
export async function flushUsageCounts(): Promise<void> {
  timer = undefined;
  const db = flushTarget;
  if (!db || pending.size === 0) return;
  const batch = [...pending.entries()];
  pending.clear();
  try {
    for (const [key, count] of batch) {
      const [day = "", metric = ""] = key.split("|");
      await db.usageDay.upsert({
        where: { day_metric: { day, metric } },
        create: { day, metric, count },
        update: { count: { increment: count } },
      });
    }
  } catch (error) {
    // Keep the counts for the next flush rather than dropping them.
    for (const [key, count] of batch) pending.set(key, (pending.get(key) ?? 0) + count);
    logger.child({ component: "usage-stats" }).error({ err: error }, "flush failed; the counts are kept for the next one");
  }
}

/**
 * Daily verification counts and new activations for the last `days` days, oldest first. New
 * activations are counted per day on the firstSeenAt index, one COUNT(*) per day in a single
 * statement (portable across SQLite and PostgreSQL): thirty Prisma counts were thirty round trips,
 * each reading its rows through a subquery, and cost SQLite ~130 ms at three million activations.
 */
export async function getDailyUsage(db: Db, days = 30, now = new Date()) {
  const start = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - (days - 1));
  const dayStarts = Array.from({ length: days }, (_, i) => new Date(start + i * DAY_MS));
  const perDay = dayStarts.map(
    (from, i) =>
      Prisma.sql`(SELECT COUNT(*) FROM "Activation" WHERE "firstSeenAt" >= ${from} AND "firstSeenAt" < ${new Date(from.getTime() + DAY_MS)}) AS ${Prisma.raw(`"d${i}"`)}`,
  );
  const [verifications, [activations]] = await Promise.all([
    db.usageDay.findMany({ where: { metric: "verifications", day: { gte: dayOf(new Date(start)) } } }),
    db.$queryRaw<Record<string, bigint | number>[]>(Prisma.sql`SELECT ${Prisma.join(perDay)}`),
  ]);
  const verified = new Map(verifications.map((row) => [row.day, row.count]));
  return dayStarts.map((from, i) => ({
    day: dayOf(from),
    verifications: verified.get(dayOf(from)) ?? 0,
    activations: Number(activations?.[`d${i}`] ?? 0),
  }));
}
