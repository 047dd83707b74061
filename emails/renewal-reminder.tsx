import { formatExpiry } from "../lib/licenses/format";
import { formatPrice, formatValidity } from "../lib/products/format";
import { licenseUrl } from "./keys";
import { Action, EmailLayout, Muted, Paragraph, type EmailContext } from "./layout";

export type RenewalReminderData = {
  kind: "renewal_reminder";
  licenseId: string;
  productName: string;
  /** Masked: a reminder is routine mail, often forwarded; the key's page shows it whole. */
  maskedKey: string;
  expiresAt: Date;
  /** Whole days until expiry, or since it. */
  when: "before" | "after";
  days: number;
  /** Sites the key is active on (the slots in use). */
  activeSites: number;
  renewal: { priceCents: number; currency: string; termDays: number | null; discountPercent: number; opensAt?: Date };
};

const daysText = (days: number) => (days === 1 ? "1 day" : `${days} days`);

/** "expires in 7 days (on Nov 30, 2027)" / "expired 1 day ago (on …)" / "expired today". */
function timingText(data: RenewalReminderData): string {
  const on = `on ${formatExpiry(data.expiresAt)}`;
  if (data.when === "before") return `expires in ${daysText(data.days)} (${on})`;
  return data.days === 0 ? `expired today (${on})` : `expired ${daysText(data.days)} ago (${on})`;
}

export const renewalReminderSubject = (data: RenewalReminderData) =>
  data.when === "before"
    ? `Your ${data.productName} license expires in ${daysText(data.days)}`
    : `Your ${data.productName} license has expired`;

export function RenewalReminderEmail({ data, context }: { data: RenewalReminderData; context: EmailContext }) {
  const { renewal } = data;
  const sites = data.activeSites === 1 ? "1 site" : `${data.activeSites} sites`;
  return (
    <EmailLayout
      context={context}
      preview={`Renew it for ${formatPrice(renewal.priceCents, renewal.currency)}: the same key, nothing to change on your sites.`}
      title={data.when === "before" ? "Your license is about to expire" : "Your license has expired"}
      footer="You receive this reminder because you hold a license from"
    >
      <Paragraph>
        Your <strong>{data.productName}</strong> license {data.maskedKey} {timingText(data)}.
      </Paragraph>
      <Paragraph>
        {data.activeSites > 0 ? `It is active on ${sites}. ` : ""}
        {data.when === "before"
          ? "Once it expires, your sites no longer get updates and the key cannot be activated on new sites."
          : "Your sites no longer get updates, and the key cannot be activated on new sites, until it is renewed."}
      </Paragraph>
      <Paragraph>
        <strong>Renewal:</strong> {formatPrice(renewal.priceCents, renewal.currency)}
        {renewal.termDays !== null ? ` for ${formatValidity(renewal.termDays)}` : ""}
        {renewal.discountPercent > 0 ? ` (${renewal.discountPercent}% off)` : ""}. It is the same key: nothing needs to change on your sites.
      </Paragraph>
      {renewal.opensAt && <Muted>Renewal opens on {formatExpiry(renewal.opensAt)}.</Muted>}
      <Action href={licenseUrl(context, data.licenseId)}>Renew your license</Action>
      <Muted>Already renewed, or no longer need it? You can ignore this message.</Muted>
    </EmailLayout>
  );
}
