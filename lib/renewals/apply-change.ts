// Fulfilment and refund of a renewal or upgrade line: the key named by the line changes in the
// transaction that marks the order paid, and changes back in the one that records its refund.
// Every write is conditional on what the key is (compare-and-set), so concurrent payments of one
// key each apply exactly once, and a line is applied once and rolled back at most once.
import type { DbClient } from "../db";
import { recordAuditEvent } from "../licenses/audit";
import { DAY_MS, renewedExpiry, upgradedMaxActivations } from "./terms";

export type ChangeItem = {
  id: string;
  orderId: string;
  kind: string;
  targetLicenseId: string | null;
  productId: string;
  productName: string;
};

export type ApplyResult = { applied: true; licenseId: string } | { applied: false; licenseId: string | null; reason: string };

/** Read-modify-write attempts before giving up; each loses only to a concurrent change of the same key. */
const MAX_ATTEMPTS = 20;

/**
 * A renewal: the key's expiry moves one term on (`max(expiresAt, now) + validity`), or to the end
 * of a subscription period (`until`). A key that was revoked, became lifetime or is gone is left as
 * it is: the caller flags the order for review (money was taken for nothing).
 */
export async function applyRenewal(
  tx: DbClient,
  input: { item: ChangeItem; now: Date; actor: string; until?: Date },
): Promise<ApplyResult> {
  const { item, now } = input;
  const licenseId = item.targetLicenseId;
  if (!licenseId) return { applied: false, licenseId: null, reason: "the line names no key" };
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const license = await tx.license.findUnique({
      where: { id: licenseId },
      select: { expiresAt: true, revokedAt: true, product: { select: { validityDays: true } } },
    });
    if (!license) return { applied: false, licenseId, reason: "the key no longer exists" };
    if (license.revokedAt) return { applied: false, licenseId, reason: "the key was revoked" };
    if (!license.expiresAt) return { applied: false, licenseId, reason: "the key never expires" };
    const days = license.product.validityDays;
    if (!input.until && days === null) return { applied: false, licenseId, reason: "the product sells lifetime keys: no term to add" };
    const next = renewedExpiry(license.expiresAt, now, input.until ? { until: input.until } : { days: days! });
    const { count } = await tx.license.updateMany({
      where: { id: licenseId, expiresAt: license.expiresAt, revokedAt: null },
      data: { expiresAt: next },
    });
    if (count === 0) continue; // another payment of this key moved it first: judge again on the new value
    await tx.orderItem.update({
      where: { id: item.id },
      data: { previousExpiresAt: license.expiresAt, newExpiresAt: next, appliedAt: now },
    });
    await recordAuditEvent(tx, {
      actor: input.actor,
      action: "license.renewed",
      subject: `license:${licenseId}`,
      details: { orderId: item.orderId, previousExpiresAt: license.expiresAt, expiresAt: next },
    });
    return { applied: true, licenseId };
  }
  throw new Error(`renewal of license ${licenseId}: the key kept changing (${MAX_ATTEMPTS} attempts)`);
}

/**
 * An upgrade: the key moves to the line's product with its name and limit (never fewer sites than
 * it has or uses); its expiry stays. Applied only while the key is still on the product it was
 * bought for, so a second upgrade paid for the same move changes nothing (flagged for review).
 */
export async function applyUpgrade(
  tx: DbClient,
  input: { item: ChangeItem & { previousProductId: string | null }; now: Date; actor: string },
): Promise<ApplyResult> {
  const { item } = input;
  const licenseId = item.targetLicenseId;
  if (!licenseId) return { applied: false, licenseId: null, reason: "the line names no key" };
  const target = await tx.product.findUniqueOrThrow({ where: { id: item.productId }, select: { maxActivations: true } });
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const license = await tx.license.findUnique({
      where: { id: licenseId },
      select: { productId: true, productName: true, maxActivations: true, activationsUsed: true, revokedAt: true },
    });
    if (!license) return { applied: false, licenseId, reason: "the key no longer exists" };
    if (license.revokedAt) return { applied: false, licenseId, reason: "the key was revoked" };
    if (license.productId !== item.previousProductId) return { applied: false, licenseId, reason: "the key is no longer on the product this upgrade starts from" };
    const maxActivations = upgradedMaxActivations(license, target.maxActivations);
    const { count } = await tx.license.updateMany({
      where: { id: licenseId, productId: license.productId, maxActivations: license.maxActivations, revokedAt: null },
      data: { productId: item.productId, productName: item.productName, maxActivations },
    });
    if (count === 0) continue;
    await tx.orderItem.update({
      where: { id: item.id },
      data: {
        previousProductName: license.productName,
        previousMaxActivations: license.maxActivations,
        appliedAt: input.now,
      },
    });
    await recordAuditEvent(tx, {
      actor: input.actor,
      action: "license.upgraded",
      subject: `license:${licenseId}`,
      details: { orderId: item.orderId, fromProductId: license.productId, toProductId: item.productId, maxActivations },
    });
    return { applied: true, licenseId };
  }
  throw new Error(`upgrade of license ${licenseId}: the key kept changing (${MAX_ATTEMPTS} attempts)`);
}

export type RolledBackLine = {
  kind: "renewal" | "upgrade";
  licenseId: string;
  /** False when the key had moved on (a later upgrade, an expiry cleared by hand): the line is closed but the key was left as it is. */
  undone: boolean;
  expiresAt?: Date | null;
  productName?: string;
};

/**
 * Undoes a line a refund covers, once (the line is claimed by a conditional update of rolledBackAt):
 * a renewal takes its own term back off the key (it may be Expired again, never revoked); an upgrade
 * puts the product, name and limit back while the key is still on the upgraded product. Sites
 * beyond the old limit stay, like lowering a limit in Admin; new ones are refused.
 */
export async function rollBackChange(tx: DbClient, input: { itemId: string; now: Date; actor: string }): Promise<RolledBackLine | null> {
  const { count } = await tx.orderItem.updateMany({
    where: { id: input.itemId, appliedAt: { not: null }, rolledBackAt: null, kind: { in: ["renewal", "upgrade"] } },
    data: { rolledBackAt: input.now },
  });
  if (count === 0) return null;
  const item = await tx.orderItem.findUniqueOrThrow({ where: { id: input.itemId } });
  const licenseId = item.targetLicenseId!;
  if (item.kind === "renewal") {
    const previous = item.previousExpiresAt!;
    const renewed = item.newExpiresAt!;
    // The term this line added: from the old expiry, or from when it was paid if the key had
    // lapsed. Not new − previous: that also counts the weeks the key was expired before it was
    // renewed, and would take them off a later renewal stacked on this one.
    const termMs = renewed.getTime() - Math.max(previous.getTime(), item.appliedAt!.getTime());
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const license = await tx.license.findUniqueOrThrow({ where: { id: licenseId }, select: { expiresAt: true } });
      if (!license.expiresAt) {
        // Made lifetime by hand since: there is no term to take off.
        await recordAuditEvent(tx, {
          actor: input.actor,
          action: "license.renewal_rollback_skipped",
          subject: `license:${licenseId}`,
          details: { orderId: item.orderId, reason: "the key never expires now" },
        });
        return { kind: "renewal", licenseId, undone: false, expiresAt: null };
      }
      if (termMs <= 0) return { kind: "renewal", licenseId, undone: true, expiresAt: license.expiresAt }; // it added nothing
      // Nothing moved the key since this renewal: it goes back exactly to where it was.
      const expiresAt = license.expiresAt.getTime() === renewed.getTime() ? previous : new Date(license.expiresAt.getTime() - termMs);
      const moved = await tx.license.updateMany({ where: { id: licenseId, expiresAt: license.expiresAt }, data: { expiresAt } });
      if (moved.count === 0) continue;
      await recordAuditEvent(tx, {
        actor: input.actor,
        action: "license.renewal_rolled_back",
        subject: `license:${licenseId}`,
        details: { orderId: item.orderId, days: Math.round(termMs / DAY_MS), expiresAt },
      });
      return { kind: "renewal", licenseId, undone: true, expiresAt };
    }
    throw new Error(`renewal rollback of license ${licenseId}: the key kept changing`);
  }
  const moved = await tx.license.updateMany({
    where: { id: licenseId, productId: item.productId },
    data: { productId: item.previousProductId!, productName: item.previousProductName!, maxActivations: item.previousMaxActivations! },
  });
  await recordAuditEvent(tx, {
    actor: input.actor,
    action: moved.count === 1 ? "license.upgrade_rolled_back" : "license.upgrade_rollback_skipped",
    subject: `license:${licenseId}`,
    details: { orderId: item.orderId, productId: item.previousProductId, maxActivations: item.previousMaxActivations },
  });
  return { kind: "upgrade", licenseId, undone: moved.count === 1, productName: item.previousProductName ?? undefined };
}
