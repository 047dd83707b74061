import { formatDate } from "../lib/licenses/format";
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
  lines: { productName: string; quantity: number; unitPriceCents: number }[];
  licenses: EmailKey[];
};

export const receiptSubject = (data: ReceiptData, context: EmailContext) =>
  `Your ${context.storeName} receipt and license ${data.licenses.length === 1 ? "key" : "keys"}`;

export function ReceiptEmail({ data, context }: { data: ReceiptData; context: EmailContext }) {
  const keys = data.licenses.length === 1 ? "key" : "keys";
  return (
    <EmailLayout context={context} preview={`Thank you for your order: your license ${keys} inside.`} title="Thank you for your order" footer="You receive this receipt because you bought from">
      <Paragraph>{data.customerName ? `Hi ${data.customerName}, your` : "Your"} payment was received and your license {keys} {data.licenses.length === 1 ? "is" : "are"} ready.</Paragraph>
      <KeyList context={context} licenses={data.licenses} />
      <Paragraph>Enter a key in the license screen of the product to activate it. You can copy your keys, see where they are used and free a site at any time in your account.</Paragraph>
      <Action href={`${context.baseUrl}/account/licenses`}>Open Account → Licenses</Action>
      <Muted>
        Order {data.orderId}, paid {formatDate(data.paidAt)}:{" "}
        {data.lines.map((line) => `${line.quantity} × ${line.productName} (${formatPrice(line.unitPriceCents, data.currency)})`).join(", ")}. Total{" "}
        {formatPrice(data.amountCents, data.currency)}.
      </Muted>
    </EmailLayout>
  );
}
