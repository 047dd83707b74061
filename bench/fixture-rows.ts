// The benchmark store's rows, generated in batches so a million keys never sit in memory at once:
// a store that has sold for three years. Several products (lifetime and yearly), a customer per
// four keys, orders of one to five keys, refunds (their keys revoked), renewals of yearly keys, a
// few keys the owner issued by hand, three sites on every key, and one signed-in customer with
// twenty keys spread over the years, and the expiry reminders due today already queued (a live
// store queues them day by day; without them the server's first reminder pass would render and
// queue thousands of emails while the scenarios run). Everything but the keys is deterministic for a given size, so
// two runs measure the same store.
import { generateLicenseKey } from "../lib/licenses/key";
import { dueReminderStep } from "../lib/reminders/due-step";
import { DEFAULT_REMINDER_SCHEDULE } from "../lib/renewals/settings";

export type Value = string | number | boolean | Date | null;
export type Batch = { table: string; columns: string[]; rows: Value[][] };

export const BENCH_CUSTOMER_EMAIL = "bench-customer@bench.example";
/** How many keys the signed-in customer owns (Account → Licenses shows them on one page). */
export const BENCH_CUSTOMER_KEYS = 20;
export const ACTIVATIONS_PER_KEY = 3;
const KEYS_PER_CUSTOMER = 4;
const YEARS = 3;
const DAY_MS = 86_400_000;
const BATCH_KEYS = 10_000;

const ITEM_COLUMNS = ["id", "orderId", "productId", "productName", "unitPriceCents", "quantity", "kind", "targetLicenseId", "previousExpiresAt", "newExpiresAt", "appliedAt"];

type ProductSpec = { slug: string; name: string; priceCents: number; maxActivations: number; validityDays: number | null; share: number };

/** `share`: the fraction of keys sold of it. The first is the product the Verify scenarios use. */
export const BENCH_PRODUCTS: ProductSpec[] = [
  { slug: "bench-plugin", name: "Bench Plugin", priceCents: 4900, maxActivations: 5, validityDays: null, share: 0.4 },
  { slug: "bench-theme", name: "Bench Theme", priceCents: 5900, maxActivations: 3, validityDays: null, share: 0.2 },
  { slug: "bench-forms-pro", name: "Bench Forms Pro", priceCents: 9900, maxActivations: 5, validityDays: 365, share: 0.2 },
  { slug: "bench-agency", name: "Bench Agency Bundle", priceCents: 29900, maxActivations: 0, validityDays: 365, share: 0.1 },
  { slug: "bench-desktop", name: "Bench Desktop App", priceCents: 3900, maxActivations: 3, validityDays: 365, share: 0.1 },
];

/** Mulberry32: a tiny seeded generator, so the store's shape is the same in every run. */
function seeded(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Ids in Prisma's cuid column: unique per run and size, sortable by nothing in particular. */
const makeId = (prefix: string, size: number) => (n: number) => `${prefix}${size.toString(36)}x${n.toString(36).padStart(7, "0")}`;

export type KeySeen = { index: number; key: string; productSlug: string; maxActivations: number; valid: boolean; customer: boolean };

/**
 * Yields the rows for `keys` keys, parents before children (users, then per batch: orders, order
 * items, licenses, activations). `onKey` sees every key once, for the scenarios to sample from.
 */
export function* benchRows(keys: number, now: Date, productIds: string[], customerPasswordHash: string, onKey: (key: KeySeen) => void): Generator<Batch> {
  const random = seeded(keys);
  const customers = Math.max(Math.ceil(keys / KEYS_PER_CUSTOMER), 2);
  const userId = makeId("bu", keys);
  const orderId = makeId("bo", keys);
  const itemId = makeId("bi", keys);
  const licenseId = makeId("bl", keys);
  const activationId = makeId("ba", keys);
  const span = YEARS * 365 * DAY_MS;
  const firstAt = now.getTime() - span;

  for (let start = 0; start < customers; start += BATCH_KEYS) {
    const rows: Value[][] = [];
    for (let i = start; i < Math.min(start + BATCH_KEYS, customers); i++) {
      const createdAt = new Date(firstAt + (span * i) / customers);
      const special = i === 0;
      rows.push([
        userId(i), special ? BENCH_CUSTOMER_EMAIL : `customer${i}@bench.example`, special ? "Bench Customer" : `Customer ${i}`,
        special ? customerPasswordHash : null, "CUSTOMER", createdAt, createdAt,
        // One in twenty never confirmed their address: the owner-issued keys sent to them stay hidden.
        special || random() >= 0.05 ? createdAt : null,
      ]);
    }
    yield { table: "User", columns: ["id", "email", "name", "passwordHash", "role", "createdAt", "updatedAt", "emailVerifiedAt"], rows };
  }

  // The signed-in customer's keys, spread evenly over the store's life (some expired, some renewed).
  const customerStep = Math.floor(keys / BENCH_CUSTOMER_KEYS);
  const isCustomerKey = (i: number) => i % customerStep === 7 && i / customerStep < BENCH_CUSTOMER_KEYS;
  const cumulative = BENCH_PRODUCTS.map((_, p) => BENCH_PRODUCTS.slice(0, p + 1).reduce((sum, spec) => sum + spec.share, 0));
  let orders = 0;
  let activations = 0;
  let i = 0;
  while (i < keys) {
    // Renewal lines point at their key, purchase lines are pointed at by theirs: two lists.
    const batch = { orders: [] as Value[][], items: [] as Value[][], licenses: [] as Value[][], renewals: [] as Value[][], activations: [] as Value[][], reminders: [] as Value[][] };
    const batchEnd = Math.min(i + BATCH_KEYS, keys);
    while (i < batchEnd) {
      // One order: 1-5 keys of one product for one customer, all issued at the same moment.
      const special = isCustomerKey(i);
      let quantity = special ? 1 : [1, 1, 1, 1, 2, 2, 3, 5][Math.floor(random() * 8)] ?? 1;
      for (let q = 1; q < quantity; q++) if (i + q >= batchEnd || isCustomerKey(i + q)) quantity = q;
      const roll = random();
      const productIndex = Math.max(cumulative.findIndex((c) => roll < c), 0);
      const product = BENCH_PRODUCTS[productIndex] ?? BENCH_PRODUCTS[0]!;
      const owner = special ? userId(0) : userId(1 + Math.floor(random() * (customers - 1)));
      const createdAt = new Date(firstAt + (span * i) / keys);
      const ownerIssued = !special && random() < 0.03;
      const refunded = !ownerIssued && !special && random() < 0.02;
      const order = ownerIssued ? null : orders++;
      const item = order === null ? null : itemId(order);
      if (order !== null) {
        const id = orderId(order);
        const amount = product.priceCents * quantity;
        batch.orders.push([id, owner, refunded ? "refunded" : "paid", "stripe", `cs_bench_${id}`, amount, refunded ? amount : 0, "usd", createdAt, createdAt, createdAt]);
        batch.items.push([item, id, productIds[productIndex] ?? "", product.name, product.priceCents, quantity, "purchase", null, null, null, null]);
      }
      for (let q = 0; q < quantity; q++, i++) {
        const key = generateLicenseKey();
        const id = licenseId(i);
        const maxActivations = random() < 0.1 ? 0 : product.maxActivations;
        let expiresAt = product.validityDays ? new Date(createdAt.getTime() + product.validityDays * DAY_MS) : null;
        // A third of the yearly keys whose first year is over were renewed for a second one.
        if (expiresAt && expiresAt <= now && random() < 0.35 && !refunded) {
          const renewal = orders++;
          const renewalOrder = orderId(renewal);
          const renewedAt = new Date(expiresAt.getTime() - 10 * DAY_MS);
          const previous = expiresAt;
          expiresAt = new Date(previous.getTime() + 365 * DAY_MS);
          batch.orders.push([renewalOrder, owner, "paid", "stripe", `cs_bench_${renewalOrder}`, product.priceCents, 0, "usd", renewedAt, renewedAt, renewedAt]);
          batch.renewals.push([itemId(renewal), renewalOrder, productIds[productIndex] ?? "", product.name, product.priceCents, 1, "renewal", id, previous, expiresAt, renewedAt]);
        }
        const revokedAt = refunded ? new Date(createdAt.getTime() + 7 * DAY_MS) : random() < 0.005 ? new Date(createdAt.getTime() + 30 * DAY_MS) : null;
        const revoked = revokedAt && revokedAt <= now ? revokedAt : null;
        batch.licenses.push([
          id, key, owner, productIds[productIndex] ?? "", item, product.name, maxActivations, ACTIVATIONS_PER_KEY, expiresAt,
          revoked, revoked ? (refunded ? "Order refunded" : "Revoked by the owner") : null, revoked ? (refunded ? "stripe" : "admin") : null,
          createdAt, revoked ?? createdAt,
        ]);
        const reminderStep = expiresAt && !revoked ? dueReminderStep(DEFAULT_REMINDER_SCHEDULE, expiresAt, now) : null;
        if (expiresAt && reminderStep !== null) batch.reminders.push([`br${keys.toString(36)}x${i.toString(36)}`, id, expiresAt, reminderStep, now]);
        for (let a = 0; a < ACTIVATIONS_PER_KEY; a++) {
          const domain = `site${a}-${i}.example.com`;
          // Sites a few days apart, closer together for keys younger than that.
          const firstSeenAt = new Date(createdAt.getTime() + a * Math.min(3 * DAY_MS, (now.getTime() - createdAt.getTime()) / ACTIVATIONS_PER_KEY));
          const lastSeenAt = new Date(Math.max(now.getTime() - Math.floor(random() * 30) * DAY_MS, firstSeenAt.getTime()));
          batch.activations.push([activationId(activations++), id, domain, "domain", domain, firstSeenAt, lastSeenAt]);
        }
        onKey({
          index: i, key, productSlug: product.slug, maxActivations, customer: special,
          valid: !revoked && (!expiresAt || expiresAt.getTime() > now.getTime() + DAY_MS),
        });
      }
    }
    yield { table: "Order", columns: ["id", "userId", "status", "provider", "stripeCheckoutSessionId", "amountCents", "refundedCents", "currency", "paidAt", "createdAt", "updatedAt"], rows: batch.orders };
    yield { table: "OrderItem", columns: ITEM_COLUMNS, rows: batch.items };
    yield {
      table: "License",
      columns: ["id", "key", "userId", "productId", "orderItemId", "productName", "maxActivations", "activationsUsed", "expiresAt", "revokedAt", "revokeReason", "revokedBy", "createdAt", "updatedAt"],
      rows: batch.licenses,
    };
    yield { table: "OrderItem", columns: ITEM_COLUMNS, rows: batch.renewals };
    yield { table: "LicenseReminder", columns: ["id", "licenseId", "termEnd", "offsetDays", "createdAt"], rows: batch.reminders };
    yield { table: "Activation", columns: ["id", "licenseId", "environment", "kind", "rawValue", "firstSeenAt", "lastSeenAt"], rows: batch.activations };
  }
}
