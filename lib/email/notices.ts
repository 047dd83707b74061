// What the store tells people when something happens to their orders and keys. Each function is
// called inside the transaction of the change it reports, so the message exists exactly when the
// change committed, once (every caller runs only on the winning side of a conditional update).
import type { EmailKey } from "../../emails";
import type { DbClient, License } from "../db";
import { maskLicenseKey } from "../licenses/key";
import { queueEmail, queueOwnerNotice } from "./outbox";

const emailKey = (license: License): EmailKey => ({
  id: license.id,
  productName: license.productName,
  key: license.key,
  maxActivations: license.maxActivations,
  expiresAt: license.expiresAt,
});

/** An order was paid and its keys issued: the receipt with every key, and the owner's notice. */
export async function queueOrderPaidEmails(tx: DbClient, orderId: string, licenses: License[], changed: License[] = []): Promise<void> {
  const order = await tx.order.findUniqueOrThrow({
    where: { id: orderId },
    include: { user: { select: { email: true, name: true } }, items: { orderBy: { id: "asc" } } },
  });
  await queueEmail(tx, {
    to: order.user.email,
    userId: order.userId,
    content: {
      kind: "receipt",
      orderId: order.id,
      customerName: order.user.name,
      paidAt: order.paidAt ?? new Date(),
      amountCents: order.amountCents,
      currency: order.currency,
      lines: order.items.map((item) => ({ productName: item.productName, quantity: item.quantity, unitPriceCents: item.unitPriceCents, kind: item.kind })),
      licenses: [
        ...licenses.map(emailKey),
        ...changed.map((license) => {
          const item = order.items.find((line) => line.targetLicenseId === license.id);
          return { ...emailKey(license), change: item?.kind === "upgrade" ? ("upgraded" as const) : ("renewed" as const) };
        }),
      ],
      // Paid renewal or upgrade lines that could not change their key (revoked meanwhile): said plainly.
      unapplied: order.items
        .filter((item) => item.kind !== "purchase" && !changed.some((license) => license.id === item.targetLicenseId))
        .map((item) => ({ kind: item.kind, productName: item.productName })),
    },
  });
  await queueOwnerNotice(tx, {
    kind: "owner_new_order",
    orderId: order.id,
    customerEmail: order.user.email,
    amountCents: order.amountCents,
    currency: order.currency,
    provider: order.provider,
    lines: order.items.map((item) => ({ productName: item.kind === "renewal" ? `renewal of ${item.productName}` : item.kind === "upgrade" ? `upgrade to ${item.productName}` : item.productName, quantity: item.quantity })),
  });
}

/** Keys were revoked (a refund, a dispute, the owner): one notice per customer, with the reason. */
export async function queueRevokedNotice(tx: DbClient, licenseIds: string[], reason: string | null): Promise<void> {
  if (licenseIds.length === 0) return;
  const licenses = await tx.license.findMany({
    where: { id: { in: licenseIds } },
    orderBy: { id: "asc" },
    select: { id: true, key: true, productName: true, userId: true, user: { select: { email: true } } },
  });
  const byUser = new Map<string, typeof licenses>();
  for (const license of licenses) byUser.set(license.userId, [...(byUser.get(license.userId) ?? []), license]);
  for (const [userId, owned] of byUser) {
    await queueEmail(tx, {
      to: owned[0]!.user.email,
      userId,
      content: {
        kind: "license_revoked",
        reason,
        licenses: owned.map((license) => ({ id: license.id, productName: license.productName, maskedKey: maskLicenseKey(license.key) })),
      },
    });
  }
}

/** A key was replaced: the new key to its owner. */
export async function queueReplacementNotice(tx: DbClient, original: License, replacement: License): Promise<void> {
  const owner = await tx.user.findUniqueOrThrow({ where: { id: replacement.userId }, select: { email: true } });
  await queueEmail(tx, {
    to: owner.email,
    userId: replacement.userId,
    content: { kind: "license_replaced", replacement: emailKey(replacement), originalMaskedKey: maskLicenseKey(original.key) },
  });
}

/** A payment was disputed: the owner answers it in Stripe. */
export async function queueDisputeNotice(tx: DbClient, orderId: string, revokedKeys: number): Promise<void> {
  const order = await tx.order.findUniqueOrThrow({ where: { id: orderId }, include: { user: { select: { email: true } } } });
  await queueOwnerNotice(tx, {
    kind: "owner_dispute",
    orderId,
    customerEmail: order.user.email,
    amountCents: order.amountCents,
    currency: order.currency,
    revokedKeys,
  });
}

/** Money went back without naming keys: the owner decides. */
export async function queueRefundReviewNotice(tx: DbClient, orderId: string): Promise<void> {
  const order = await tx.order.findUniqueOrThrow({ where: { id: orderId }, include: { user: { select: { email: true } } } });
  await queueOwnerNotice(tx, {
    kind: "owner_refund_review",
    orderId,
    customerEmail: order.user.email,
    refundedCents: order.refundedCents,
    currency: order.currency,
  });
}
