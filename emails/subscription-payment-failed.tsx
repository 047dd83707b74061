import { formatExpiry } from "../lib/licenses/format";
import { formatPrice } from "../lib/products/format";
import { licenseUrl } from "./keys";
import { Action, EmailLayout, Muted, Paragraph, type EmailContext } from "./layout";

export type SubscriptionPaymentFailedData = {
  kind: "subscription_payment_failed";
  licenseId: string;
  productName: string;
  /** Masked: routine mail, often forwarded; the key's page shows it whole. */
  maskedKey: string;
  /** The key stays valid until then (the period already paid for). */
  expiresAt: Date | null;
  amountCents: number;
  currency: string;
};

export const subscriptionPaymentFailedSubject = (data: SubscriptionPaymentFailedData) =>
  `Payment failed for your ${data.productName} subscription`;

export function SubscriptionPaymentFailedEmail({ data, context }: { data: SubscriptionPaymentFailedData; context: EmailContext }) {
  return (
    <EmailLayout
      context={context}
      preview="Update your card to keep your license renewing."
      title="We could not renew your subscription"
      footer="You receive this because you subscribe to a license from"
    >
      <Paragraph>
        The yearly payment of {formatPrice(data.amountCents, data.currency)} for <strong>{data.productName}</strong> (key{" "}
        {data.maskedKey}) did not go through.
      </Paragraph>
      <Paragraph>
        Your key keeps working{data.expiresAt ? ` until ${formatExpiry(data.expiresAt)}` : ""}. The payment is retried over the next
        days; to keep the key renewing, update your card with Manage billing on the key&apos;s page.
      </Paragraph>
      <Action href={licenseUrl(context, data.licenseId)}>Update your card</Action>
      <Muted>If you meant to stop the subscription, you can cancel it there too; the key then works until its expiry date.</Muted>
    </EmailLayout>
  );
}
