import { formatDate, formatExpiry } from "../lib/licenses/format";
import { formatPrice } from "../lib/products/format";
import { KeyList, type EmailKey } from "./keys";
import { Action, EmailLayout, Muted, Paragraph, type EmailContext } from "./layout";

export type ReceiptData = {
  kind: "receipt";
  orderId: string;
  customerName: string | null;
  paidAt: Date;
  amountCents: number;
  currency: string;
  lines: { productName: string; quantity: number; unitPriceCents: number; kind?: string }[];
  licenses: EmailKey[];
  /** Renewal or upgrade lines that were paid but could not be applied (the key was revoked meanwhile). */
  unapplied?: { kind: string; productName: string }[];
};

const changesOnly = (data: ReceiptData) => data.licenses.length > 0 && data.licenses.every((license) => license.change);

export const receiptSubject = (data: ReceiptData, context: EmailContext) => {
  if (data.licenses.length === 0) return `Your ${context.storeName} receipt`;
  if (changesOnly(data)) {
    const renewed = data.licenses.every((license) => license.change === "renewed");
    return `Your ${context.storeName} receipt: license ${renewed ? "renewed" : "upgraded"}`;
  }
  return `Your ${context.storeName} receipt and license ${data.licenses.length === 1 ? "key" : "keys"}`;
};

/** "renewed until 1 Dec 2027" / "upgraded to Pro Forms Plugin": what a renewal or upgrade did, in words. */
function changeSentence(data: ReceiptData): string {
  const parts = data.licenses.map((license) =>
    license.change === "renewed" && license.expiresAt
      ? `your ${license.productName} key was renewed until ${formatExpiry(license.expiresAt)}`
      : `your key was upgraded to ${license.productName}`,
  );
  return `${parts.join("; ")}. It is the same key: nothing needs to change on your sites.`;
}

export function ReceiptEmail({ data, context }: { data: ReceiptData; context: EmailContext }) {
  const keys = data.licenses.length === 1 ? "key" : "keys";
  return (
    <EmailLayout context={context} preview={`Thank you for your order: your license ${keys} inside.`} title="Thank you for your order" footer="You receive this receipt because you bought from">
      {data.licenses.length === 0 && (data.unapplied?.length ?? 0) > 0 ? (
        <Paragraph>
          {data.customerName ? `Hi ${data.customerName}, your` : "Your"} payment was received, but the{" "}
          {data.unapplied!.map((line) => `${line.kind === "upgrade" ? "upgrade to" : "renewal of"} ${line.productName}`).join(" and ")} could not be
          applied: the key is no longer active. The store has been told and will contact you about a refund.
        </Paragraph>
      ) : changesOnly(data) ? (
        <Paragraph>{data.customerName ? `Hi ${data.customerName}, your` : "Your"} payment was received: {changeSentence(data)}</Paragraph>
      ) : (
        <Paragraph>{data.customerName ? `Hi ${data.customerName}, your` : "Your"} payment was received and your license {keys} {data.licenses.length === 1 ? "is" : "are"} ready.</Paragraph>
      )}
      <KeyList context={context} licenses={data.licenses} />
      <Paragraph>Enter a key in the license screen of the product to activate it. You can copy your keys, see where they are used and free a site at any time in your account.</Paragraph>
      <Action href={`${context.baseUrl}/account/licenses`}>Open Account → Licenses</Action>
      <Muted>
        Order {data.orderId}, paid {formatDate(data.paidAt)}:{" "}
        {data.lines.map((line) => `${line.quantity} × ${lineLabel(line)} (${formatPrice(line.unitPriceCents, data.currency)})`).join(", ")}. Total{" "}
        {formatPrice(data.amountCents, data.currency)}.
      </Muted>
    </EmailLayout>
  );
}

const lineLabel = (line: ReceiptData["lines"][number]) =>
  line.kind === "renewal" ? `renewal of ${line.productName}` : line.kind === "upgrade" ? `upgrade to ${line.productName}` : line.productName;
