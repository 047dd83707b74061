// POST /api/webhooks/stripe: Stripe's signed events (the allow-list is lib/payments/webhooks/handlers.ts).
import { db } from "@/lib/db";
import { receiveStripeWebhook } from "@/lib/payments/webhooks/receive-stripe-webhook";

export const dynamic = "force-dynamic";

export async function POST(request: Request) {
  // The signature covers the exact bytes Stripe sent: read them raw, never through JSON parsing.
  const payload = Buffer.from(await request.arrayBuffer());
  const response = await receiveStripeWebhook(db, { payload, signature: request.headers.get("stripe-signature") });
  return Response.json(response.body, { status: response.status, headers: { "Cache-Control": "no-store" } });
}
