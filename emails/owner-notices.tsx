// Messages to the store owner (STORE_NOTIFY_EMAIL, else every admin).
import { formatPrice } from "../lib/products/format";
import { Action, EmailLayout, Paragraph, type EmailContext } from "./layout";

export type OwnerNewOrderData = {
  kind: "owner_new_order";
  orderId: string;
  customerEmail: string;
  amountCents: number;
  currency: string;
  provider: string;
  lines: { productName: string; quantity: number }[];
};
export type OwnerDisputeData = { kind: "owner_dispute"; orderId: string; customerEmail: string; amountCents: number; currency: string; revokedKeys: number };
export type OwnerRefundReviewData = { kind: "owner_refund_review"; orderId: string; customerEmail: string; refundedCents: number; currency: string };

const orderUrl = (context: EmailContext, orderId: string) => `${context.baseUrl}/admin/orders/${orderId}`;
const footer = "You receive this as the owner of";

export const ownerNewOrderSubject = (data: OwnerNewOrderData) =>
  `New order: ${formatPrice(data.amountCents, data.currency)} from ${data.customerEmail}`;

export function OwnerNewOrderEmail({ data, context }: { data: OwnerNewOrderData; context: EmailContext }) {
  return (
    <EmailLayout context={context} preview={data.lines.map((line) => line.productName).join(", ")} title="New order" footer={footer}>
      <Paragraph>
        {data.customerEmail} paid {formatPrice(data.amountCents, data.currency)}
        {data.provider === "demo" ? " (demo payment: no money was taken)" : ""} for{" "}
        {data.lines.map((line) => `${line.quantity} × ${line.productName}`).join(", ")}. The keys were issued and sent.
      </Paragraph>
      <Action href={orderUrl(context, data.orderId)}>Open the order</Action>
    </EmailLayout>
  );
}

export const ownerDisputeSubject = (data: OwnerDisputeData) => `Dispute opened: ${formatPrice(data.amountCents, data.currency)} from ${data.customerEmail}`;

export function OwnerDisputeEmail({ data, context }: { data: OwnerDisputeData; context: EmailContext }) {
  return (
    <EmailLayout context={context} preview="A payment was disputed; its keys were revoked." title="A payment was disputed" footer={footer}>
      <Paragraph>
        {data.customerEmail} disputed a payment of {formatPrice(data.amountCents, data.currency)}. {data.revokedKeys === 1 ? "Its key was" : `Its ${data.revokedKeys} keys were`} revoked
        and the order is flagged for review. Answer the dispute in your Stripe dashboard.
      </Paragraph>
      <Action href={orderUrl(context, data.orderId)}>Open the order</Action>
    </EmailLayout>
  );
}

export const ownerRefundReviewSubject = (data: OwnerRefundReviewData) => `Refund needs review: order from ${data.customerEmail}`;

export function OwnerRefundReviewEmail({ data, context }: { data: OwnerRefundReviewData; context: EmailContext }) {
  return (
    <EmailLayout context={context} preview="Money went back without saying which keys." title="A refund needs your review" footer={footer}>
      <Paragraph>
        {formatPrice(data.refundedCents, data.currency)} of an order from {data.customerEmail} has been refunded without saying which keys it was for, so none was
        revoked. Decide on the order page which keys to revoke, or mark it reviewed.
      </Paragraph>
      <Action href={orderUrl(context, data.orderId)}>Open the order</Action>
    </EmailLayout>
  );
}
