import { getEnv } from "@/lib/env";
import { formatDate } from "@/lib/licenses/format";
import { summariseSubscription, type LicenseSubscription } from "@/lib/subscriptions/license-subscription";
import type { ActionState } from "@/lib/http/validated-action";
import { Card } from "../ui/card";
import { SubscriptionActionButton } from "./subscription-action-button";

type SubscriptionAction = (state: ActionState, formData: FormData) => Promise<ActionState>;

type Props = {
  licenseId: string;
  subscription: LicenseSubscription | null;
  /** The page's server actions (app/account/licenses/[id]/billing-actions.ts), passed down: components never import app/. */
  manageBilling: SubscriptionAction;
  cancelDemo: SubscriptionAction;
};

const on = (date: Date | null) => (date ? ` on ${formatDate(date)}` : "");

/**
 * A key's yearly subscription: whether it renews by itself, needs a new card, or ends; and the way
 * to change that (Stripe's billing portal, or in demo mode a Cancel button). Nothing for a key
 * without a subscription.
 */
export function SubscriptionPanel({ licenseId, subscription, manageBilling, cancelDemo }: Props) {
  if (!subscription) return null;
  const summary = summariseSubscription(subscription);
  const stripe = subscription.provider === "stripe";
  const demo = subscription.provider === "demo" && getEnv().payments === "demo";
  const ended = summary.state === "cancelled";
  let message: React.ReactNode;
  switch (summary.state) {
    case "renews":
      message = `Renews automatically${on(summary.on)}. You are charged once a year; the key stays the same.`;
      break;
    case "payment_failed":
      message = (
        <span className="text-amber-800">Payment failed: update your card. The key keeps working until its expiry date while the payment is retried.</span>
      );
      break;
    case "cancelled":
      message = `Cancelled: this key expires${on(summary.expiresOn)}. You can renew it by hand before then.`;
      break;
    case "other":
      message = `Subscription status: ${summary.status.replace(/_/g, " ")}.`;
      break;
  }
  return (
    <Card title="Yearly subscription">
      <p className="text-sm text-slate-700">{message}</p>
      <div className="mt-3 flex flex-wrap gap-3">
        {stripe && subscription.status !== "canceled" && (
          <SubscriptionActionButton
            action={manageBilling}
            licenseId={licenseId}
            label="Manage billing"
            pendingLabel="Opening billing…"
            variant={summary.state === "payment_failed" ? "primary" : "secondary"}
          />
        )}
        {demo && !ended && (
          <SubscriptionActionButton action={cancelDemo} licenseId={licenseId} label="Cancel subscription" pendingLabel="Cancelling…" />
        )}
      </div>
      {stripe && subscription.status !== "canceled" && (
        <p className="mt-2 text-xs text-slate-500">Update your card, download invoices or cancel on Stripe&apos;s secure billing page.</p>
      )}
      {demo && <p className="mt-2 text-xs text-slate-500">Demo store: no money is taken; renewals happen when the owner advances the demo clock.</p>}
    </Card>
  );
}
