import type { DbClient, Prisma } from "../db";
import { formatDate } from "../licenses/format";
import { maskLicenseKey } from "../licenses/key";

/** What an order page shows of a key: the keys a line issued, and the key a renewal or upgrade changed. */
const orderLicenseFields = {
  id: true,
  key: true,
  productName: true,
  maxActivations: true,
  activationsUsed: true,
  expiresAt: true,
  revokedAt: true,
  revokeReason: true,
} as const satisfies Prisma.LicenseSelect;

const orderDetail = {
  items: {
    orderBy: { id: "asc" },
    include: {
      product: { select: { slug: true, maxActivations: true, validityDays: true } },
      licenses: { orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: orderLicenseFields },
      // The key a renewal or upgrade line changes (a purchase line has none).
      targetLicense: { select: orderLicenseFields },
    },
  },
} satisfies Prisma.OrderInclude;

/** One of the customer's own orders with its items and keys; null for anyone else's (never a hint it exists). */
export function getOrderForUser(db: DbClient, input: { orderId: string; userId: string }) {
  return db.order.findFirst({ where: { id: input.orderId, userId: input.userId }, include: orderDetail });
}

/** Any order, for Admin: with its customer, items and keys. */
export function getOrderForAdmin(db: DbClient, orderId: string) {
  return db.order.findUnique({
    where: { id: orderId },
    include: { ...orderDetail, user: { select: { id: true, email: true, name: true } } },
  });
}

export type OrderDetail = NonNullable<Awaited<ReturnType<typeof getOrderForUser>>>;
export type OrderLicense = OrderDetail["items"][number]["licenses"][number];

/** What describing a line needs: any order query that selects these (Account → Orders selects fewer fields). */
export type DescribableLine = {
  kind: string;
  productName: string;
  quantity: number;
  previousExpiresAt: Date | null;
  newExpiresAt: Date | null;
  previousProductName: string | null;
  appliedAt: Date | null;
  rolledBackAt: Date | null;
  targetLicense: { id: string; key: string; productName: string } | null;
};

/**
 * A line as people read it, the same in Account and Admin: "Purchase: Pro Forms Plugin × 2",
 * "Renewal of key CP-…-7KQ2M (Starter SEO Plugin): Oct 27, 2026 → Oct 27, 2027", "Upgrade of key
 * CP-…-7KQ2M: Starter SEO Plugin → Pro Forms Plugin", then "rolled back on <date>" after a refund.
 * A renewal not applied (unpaid, or refused for review) has no dates yet. `before` + the masked key
 * (a link where shown) + `after` is the sentence; `text` is it whole.
 */
export function describeOrderLine(line: DescribableLine): {
  before: string;
  key: { id: string; masked: string } | null;
  after: string;
  rolledBack: string | null;
  text: string;
} {
  const key = line.targetLicense ? { id: line.targetLicense.id, masked: maskLicenseKey(line.targetLicense.key) } : null;
  const rolledBack = line.rolledBackAt ? `rolled back on ${formatDate(line.rolledBackAt)}` : null;
  let before: string;
  let after: string;
  if (line.kind === "renewal") {
    before = "Renewal of key ";
    const dates = line.appliedAt && line.previousExpiresAt && line.newExpiresAt ? `: ${formatDate(line.previousExpiresAt)} → ${formatDate(line.newExpiresAt)}` : "";
    after = ` (${line.productName})${dates}`;
  } else if (line.kind === "upgrade") {
    before = "Upgrade of key ";
    // Before payment the key is still on the product it moves from.
    const from = line.previousProductName ?? line.targetLicense?.productName ?? "its product";
    after = `: ${from} → ${line.productName}`;
  } else {
    return { before: `Purchase: ${line.productName} × ${line.quantity}`, key: null, after: "", rolledBack: null, text: `Purchase: ${line.productName} × ${line.quantity}` };
  }
  const text = `${before}${key?.masked ?? "(a key no longer on record)"}${after}${rolledBack ? ` · ${rolledBack}` : ""}`;
  return { before, key, after, rolledBack, text };
}
