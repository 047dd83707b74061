// Expiry reminders: one pass over the keys that can have a reminder due now, queueing each due one
// through the outbox. The LicenseReminder row (unique per key, term and step) is inserted in the
// transaction that queues the message, so however many instances run a pass at once, a reminder is
// queued once: the losers of the insert queue nothing.
import { renderEmail } from "../../emails";
import type { Db, Prisma } from "../db";
import { emailContext, queueRenderedEmail } from "../email/outbox";
import { maskLicenseKey } from "../licenses/key";
import { offerLicenseSelect, renewalOffer } from "../renewals/offers";
import { reminderSchedule } from "../renewals/settings";
import { subscriptionWillRenew } from "../renewals/terms";
import { candidateExpiryRange, dueReminderStep, reminderTiming } from "./due-step";

/** Keys read per query: the pass's memory stays flat however many keys expire this month. */
const BATCH_SIZE = 200;

const candidateSelect = {
  ...offerLicenseSelect,
  key: true,
  user: { select: { email: true } },
} as const satisfies Prisma.LicenseSelect;

type Candidate = Prisma.LicenseGetPayload<{ select: typeof candidateSelect }> & { expiresAt: Date };

const isUniqueViolation = (error: unknown) => (error as { code?: unknown } | null)?.code === "P2002";

/**
 * Queues every reminder due at `now` under the owner's schedule (reminderSchedule), at most once per
 * key, term (its expiresAt) and step. Never for revoked, replaced or lifetime keys, keys of a
 * subscription that will renew them, or keys their customer cannot see yet (owner-issued to an
 * unconfirmed address: the Renew link would lead nowhere). A renewal moves expiresAt, so the new
 * term's reminders start afresh and the old term's are never due again.
 */
export async function runDueReminders(db: Db, now = new Date()): Promise<{ queued: number }> {
  const schedule = await reminderSchedule(db);
  const range = candidateExpiryRange(schedule, now);
  if (!range) return { queued: 0 };
  let queued = 0;
  let after: { expiresAt: Date; id: string } | null = null;
  for (;;) {
    const where: Prisma.LicenseWhereInput = {
      AND: [
        // Not revoked covers replaced too (replaceLicense revokes the old key in the same
        // transaction). `replacedById: null` here sent SQLite, which has no statistics, down the
        // replacedById index over every key: 0.3 s a batch, 30 s a pass at a million keys, all of
        // it blocking the server's event loop (better-sqlite3 is synchronous).
        { expiresAt: { gte: range.from, lte: range.to }, revokedAt: null },
        // visibleToCustomer (lib/licenses/queries.ts) for every customer at once
        { OR: [{ orderItemId: { not: null } }, { user: { emailVerifiedAt: { not: null } } }] },
        ...(after ? [{ OR: [{ expiresAt: { gt: after.expiresAt } }, { expiresAt: after.expiresAt, id: { gt: after.id } }] }] : []),
      ],
    };
    const batch = (await db.license.findMany({
      where,
      orderBy: [{ expiresAt: "asc" }, { id: "asc" }],
      take: BATCH_SIZE,
      select: candidateSelect,
    })) as Candidate[];
    queued += await remindBatch(db, batch, schedule, now);
    const last = batch.at(-1);
    if (!last || batch.length < BATCH_SIZE) return { queued };
    after = { expiresAt: last.expiresAt, id: last.id };
  }
}

async function remindBatch(db: Db, batch: Candidate[], schedule: number[], now: Date): Promise<number> {
  const due = batch
    .filter((license) => !subscriptionWillRenew(license.subscription))
    .map((license) => ({ license, offsetDays: dueReminderStep(schedule, license.expiresAt, now) }))
    .filter((entry): entry is { license: Candidate; offsetDays: number } => entry.offsetDays !== null);
  if (due.length === 0) return 0;
  // The common case, a reminder queued on an earlier pass, costs one read for the whole batch.
  const sent = await db.licenseReminder.findMany({
    where: { licenseId: { in: due.map((entry) => entry.license.id) } },
    select: { licenseId: true, termEnd: true, offsetDays: true },
  });
  const sentKeys = new Set(sent.map((row) => `${row.licenseId}|${row.termEnd.getTime()}|${row.offsetDays}`));
  let queued = 0;
  for (const { license, offsetDays } of due) {
    if (sentKeys.has(`${license.id}|${license.expiresAt.getTime()}|${offsetDays}`)) continue;
    if (await queueReminder(db, license, offsetDays, now)) queued++;
  }
  return queued;
}

/** Renders the message first (outside the transaction), then claims the reminder and queues it in one commit. */
async function queueReminder(db: Db, license: Candidate, offsetDays: number, now: Date): Promise<boolean> {
  // Another instance's pass over the same keys may have just queued it: a read is cheaper than a render.
  const step = { licenseId: license.id, termEnd: license.expiresAt, offsetDays };
  if (await db.licenseReminder.findUnique({ where: { licenseId_termEnd_offsetDays: step }, select: { id: true } })) return false;
  const offer = await renewalOffer(db, license, now);
  // The product now sells lifetime keys: there is no term to renew, so nothing to remind of.
  if (!offer.state.renewable && offer.state.reason !== "too_early") return false;
  const content = {
    kind: "renewal_reminder" as const,
    licenseId: license.id,
    productName: license.productName,
    maskedKey: maskLicenseKey(license.key),
    expiresAt: license.expiresAt,
    ...reminderTiming(license.expiresAt, now),
    activeSites: license.activationsUsed,
    renewal: {
      priceCents: offer.priceCents,
      currency: offer.currency,
      termDays: offer.termDays,
      discountPercent: offer.discountPercent,
      ...(offer.state.renewable ? {} : { opensAt: offer.state.opensAt }),
    },
  };
  const rendered = await renderEmail(content, emailContext());
  try {
    return await db.$transaction(async (tx) => {
      // Still the term the message is about (not renewed or revoked since it was read)?
      const current = await tx.license.count({ where: { id: license.id, expiresAt: license.expiresAt, revokedAt: null } });
      if (current === 0) return false;
      await tx.licenseReminder.create({ data: step });
      await queueRenderedEmail(tx, { to: license.user.email, userId: license.userId, content }, rendered, now);
      return true;
    });
  } catch (error) {
    if (isUniqueViolation(error)) return false; // another instance queued this reminder first
    throw error;
  }
}
