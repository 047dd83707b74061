// What a key's page shows about its subscription (Account → Licenses → a key).
import type { DbClient } from "../db";

export type LicenseSubscription = {
  provider: string;
  status: string;
  cancelAtPeriodEnd: boolean;
  currentPeriodEnd: Date | null;
};

/** The subscription renewing one of the customer's own keys; null when it has none (or it is not theirs). */
export function getLicenseSubscription(db: DbClient, input: { licenseId: string; userId: string }): Promise<LicenseSubscription | null> {
  return db.subscription.findFirst({
    where: { licenseId: input.licenseId, license: { userId: input.userId } },
    select: { provider: true, status: true, cancelAtPeriodEnd: true, currentPeriodEnd: true },
  });
}

export type SubscriptionSummary =
  | { state: "renews"; on: Date | null }
  | { state: "payment_failed" }
  | { state: "cancelled"; expiresOn: Date | null }
  | { state: "other"; status: string };

/** How the subscription reads to its customer, decided once here (the panel only words it). */
export function summariseSubscription(subscription: LicenseSubscription): SubscriptionSummary {
  if (subscription.status === "canceled" || subscription.cancelAtPeriodEnd) return { state: "cancelled", expiresOn: subscription.currentPeriodEnd };
  if (subscription.status === "past_due" || subscription.status === "unpaid") return { state: "payment_failed" };
  if (subscription.status === "active" || subscription.status === "trialing") return { state: "renews", on: subscription.currentPeriodEnd };
  return { state: "other", status: subscription.status };
}
