import type { Db, DbClient } from "../../db";

/** Who the audit log names for changes Stripe's events make. */
export const STRIPE_ACTOR = "stripe";

/** The writes an event causes; run in the same transaction as the insert that marks it processed. */
export type WebhookEffect = (tx: DbClient) => Promise<void>;

/**
 * One handler per event type. It parses the event's object, reads what it needs (from our
 * database or from Stripe) and returns its effect, or null when the event is not about one of our
 * orders. Nothing is written before the effect runs inside the transaction.
 */
export type WebhookHandler = (object: unknown, context: WebhookContext) => Promise<WebhookEffect | null>;

/** `eventCreated`: when Stripe created the event, to tell a late (older) subscription state from a newer one. */
export type WebhookContext = { db: Db; eventCreated: Date };
