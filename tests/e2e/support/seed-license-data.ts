// Test data for the license journeys, written into the e2e database through the app's own domain
// functions (createUser, createOrder + fulfilOrder, issueLicense), exactly as a purchase would.
// Run by tests/e2e/license-helpers.ts: `tsx tests/e2e/support/seed-license-data.ts '<json>'`
// with DATABASE_URL set; prints one JSON line with what it created.
import { z } from "zod";
import { createDb } from "../../../lib/db";
import { parseDatabaseUrl } from "../../../lib/db/url";
import { issueLicense } from "../../../lib/licenses/issue-license";
import { createOrder } from "../../../lib/orders/create-order";
import { fulfilOrder } from "../../../lib/orders/fulfil-order";
import { createUser } from "../../../lib/users/create-user";

const DAY_MS = 24 * 60 * 60 * 1000;

const requestSchema = z.object({
  customer: z.object({ email: z.string(), password: z.string(), name: z.string() }),
  keys: z
    .array(
      z.object({
        product: z.string(),
        maxActivations: z.number().int().min(0).optional(),
        count: z.number().int().min(1).max(200).default(1),
        expired: z.boolean().optional(),
      }),
    )
    .default([]),
  order: z.object({ product: z.string(), quantity: z.number().int().min(1) }).optional(),
});

const request = requestSchema.parse(JSON.parse(process.argv[2] ?? "{}"));
const db = createDb(parseDatabaseUrl(process.env.DATABASE_URL));
try {
  // Verified: the owner-issued keys below would stay hidden from an unconfirmed address.
  const user = await createUser(db, { ...request.customer, emailVerifiedAt: new Date() });
  const keys: { id: string; key: string }[] = [];
  for (const spec of request.keys) {
    const product = await db.product.findUniqueOrThrow({ where: { slug: spec.product } });
    for (let i = 0; i < spec.count; i++) {
      const license = await issueLicense(db, {
        userId: user.id,
        product,
        maxActivations: spec.maxActivations,
        expiresAt: spec.expired ? new Date(Date.now() - DAY_MS) : undefined,
        actor: "e2e",
      });
      keys.push({ id: license.id, key: license.key });
    }
  }
  let order: { id: string; keys: { id: string; key: string }[] } | undefined;
  if (request.order) {
    const created = await createOrder(db, { userId: user.id, provider: "demo", items: [{ productSlug: request.order.product, quantity: request.order.quantity }] });
    const result = await fulfilOrder(db, created.id, "e2e");
    if (result.outcome !== "fulfilled") throw new Error(`could not fulfil the order: ${result.outcome}`);
    order = { id: created.id, keys: result.licenses.map((l) => ({ id: l.id, key: l.key })) };
  }
  console.log(JSON.stringify({ userId: user.id, keys, order }));
} finally {
  await db.$disconnect();
}
