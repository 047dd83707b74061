// POST /api/webhooks/stripe: Stripe's signed events (the allow-list is lib/payments/webhooks/handlers.ts).
import { db } from "@/lib/db";
import { ApiError } from "@/lib/http/api-error";
import { readBodyWithin } from "@/lib/http/read-body";
import { jsonError, routeMethods } from "@/lib/http/route-methods";
import { receiveStripeWebhook } from "@/lib/payments/webhooks/receive-stripe-webhook";

export const dynamic = "force-dynamic";

/** Stripe's events are a few kilobytes; a megabyte leaves room for large objects and no more. */
const MAX_EVENT_BYTES = 1024 * 1024;

async function receive(request: Request) {
  // The signature covers the exact bytes Stripe sent: read them raw, never through JSON parsing.
  let payload: Buffer;
  try {
    payload = Buffer.from(await readBodyWithin(request, MAX_EVENT_BYTES));
  } catch (error) {
    if (error instanceof ApiError) return jsonError(error);
    throw error;
  }
  const response = await receiveStripeWebhook(db, {
    payload,
    signature: request.headers.get("stripe-signature"),
    requestId: request.headers.get("x-request-id"),
  });
  return Response.json(response.body, { status: response.status, headers: { "Cache-Control": "no-store" } });
}

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({ POST: receive });
