// Everything POST /api/webhooks/stripe does, framework-free: signature, allow-list, idempotency,
// and the answer Stripe needs. 400 only for a bad signature; 200 for applied, duplicate and
// ignored events; 500 for our own failures so that Stripe retries (never a 4xx for those).
import { randomUUID } from "node:crypto";
import { Prisma, type Db } from "../../db";
import { getEnv } from "../../env";
import type { ApiErrorBody } from "../../http/api-error";
import { logger } from "../../observability/logger";
import { recordWebhookOutcome } from "../../observability/metrics";
import { ORDER_TRANSACTION_OPTIONS } from "../../orders/fulfil-order";
import { constructWebhookEvent, WebhookSignatureError } from "../stripe";
import { handlerFor } from "./handlers";

export type WebhookOutcome = "processed" | "duplicate" | "ignored";
export type WebhookResponse = {
  status: number;
  body: { received: true; outcome: WebhookOutcome } | ApiErrorBody;
};

class DuplicateEvent extends Error {}

const error = (status: number, code: string, message: string): WebhookResponse => ({
  status,
  body: { error: { code, message } },
});
const ok = (outcome: WebhookOutcome): WebhookResponse => ({ status: 200, body: { received: true, outcome } });

/**
 * receiveStripeWebhook with its outcome counted (cpstore_webhook_events_total): by event type once
 * the signature holds (`unknown` before), and by what became of it.
 */
export async function receiveStripeWebhook(
  db: Db,
  request: { payload: Buffer | string; signature: string | null; requestId?: string | null },
): Promise<WebhookResponse> {
  const seen = { type: "unknown" };
  const response = await applyStripeWebhook(db, request, seen);
  const outcome =
    "received" in response.body
      ? response.body.outcome
      : response.status === 400
        ? "rejected"
        : response.status === 503
          ? "not_configured"
          : "failed";
  recordWebhookOutcome(seen.type, outcome);
  return response;
}

/**
 * Verifies and applies one Stripe event. Idempotent by event id: the StripeEvent row is inserted in
 * the same transaction as the event's effects, so an event is applied completely once or not at
 * all; a second delivery (even a concurrent one) hits the primary key and changes nothing.
 */
async function applyStripeWebhook(
  db: Db,
  request: { payload: Buffer | string; signature: string | null; requestId?: string | null },
  seen: { type: string },
): Promise<WebhookResponse> {
  const env = getEnv();
  if (env.payments !== "stripe" || !env.STRIPE_WEBHOOK_SECRET) {
    // 503 rather than 4xx: Stripe keeps retrying, and the events apply once the store is configured.
    return error(503, "STRIPE_NOT_CONFIGURED", "Stripe payments are not configured on this store");
  }
  if (!request.signature) return error(400, "MISSING_SIGNATURE", "The Stripe-Signature header is missing");
  let event: ReturnType<typeof constructWebhookEvent>;
  try {
    event = constructWebhookEvent(request.payload, request.signature, env.STRIPE_WEBHOOK_SECRET);
  } catch (cause) {
    if (cause instanceof WebhookSignatureError) return error(400, "INVALID_SIGNATURE", "The Stripe signature does not match");
    return error(400, "INVALID_PAYLOAD", "The webhook payload is not a Stripe event");
  }

  seen.type = event.type;
  const handler = handlerFor(event.type);
  if (!handler) return ok("ignored");
  try {
    if (await db.stripeEvent.findUnique({ where: { id: event.id }, select: { id: true } })) return ok("duplicate");
    const effect = await handler(event.object, { db, eventCreated: event.created });
    if (!effect) return ok("ignored"); // not about one of our orders
    await db.$transaction(async (tx) => {
      try {
        await tx.stripeEvent.create({ data: { id: event.id, type: event.type } });
      } catch (cause) {
        const duplicate = cause instanceof Prisma.PrismaClientKnownRequestError && cause.code === "P2002";
        throw duplicate ? new DuplicateEvent() : cause;
      }
      await effect(tx);
    }, ORDER_TRANSACTION_OPTIONS);
    return ok("processed");
  } catch (cause) {
    if (cause instanceof DuplicateEvent) return ok("duplicate");
    const reference = request.requestId ?? randomUUID();
    // Logged once, with what identifies the event; never the payload, headers or secrets.
    logger.child({ component: "stripe-webhook" }).error({ err: cause, eventType: event.type, eventId: event.id, requestId: reference }, "event failed");
    return error(500, "INTERNAL_ERROR", `The event could not be applied (reference ${reference}); Stripe will retry it`);
  }
}
