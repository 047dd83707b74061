// Every message the store sends, rendered from its React template into a subject, an HTML body
// and a plain-text body (the text is derived from the same render, so the two never disagree).
import { render } from "@react-email/render";
import type { ReactElement } from "react";
import { AccountExistsEmail, accountExistsSubject, type AccountExistsData } from "./account-exists";
import type { EmailContext } from "./layout";
import { LicenseReplacedEmail, licenseReplacedSubject, type LicenseReplacedData } from "./license-replaced";
import { LicenseRevokedEmail, licenseRevokedSubject, type LicenseRevokedData } from "./license-revoked";
import {
  OwnerDisputeEmail,
  ownerDisputeSubject,
  OwnerNewOrderEmail,
  ownerNewOrderSubject,
  OwnerRefundReviewEmail,
  ownerRefundReviewSubject,
  type OwnerDisputeData,
  type OwnerNewOrderData,
  type OwnerRefundReviewData,
} from "./owner-notices";
import { PasswordChangedEmail, passwordChangedSubject, type PasswordChangedData } from "./password-changed";
import { PasswordResetEmail, passwordResetSubject, type PasswordResetData } from "./password-reset";
import { ReceiptEmail, receiptSubject, type ReceiptData } from "./receipt";
import { RenewalReminderEmail, renewalReminderSubject, type RenewalReminderData } from "./renewal-reminder";
import { SubscriptionPaymentFailedEmail, subscriptionPaymentFailedSubject, type SubscriptionPaymentFailedData } from "./subscription-payment-failed";
import { VerifyEmailEmail, verifyEmailSubject, type VerifyEmailData } from "./verify-email";

export type { EmailContext } from "./layout";
export type { EmailKey } from "./keys";

export type EmailContent =
  | ReceiptData
  | LicenseRevokedData
  | LicenseReplacedData
  | PasswordResetData
  | PasswordChangedData
  | VerifyEmailData
  | AccountExistsData
  | OwnerNewOrderData
  | OwnerDisputeData
  | OwnerRefundReviewData
  | RenewalReminderData
  | SubscriptionPaymentFailedData;

export type EmailKind = EmailContent["kind"];

export type RenderedEmail = { subject: string; html: string; text: string };

function template(content: EmailContent, context: EmailContext): { subject: string; element: ReactElement } {
  switch (content.kind) {
    case "receipt":
      return { subject: receiptSubject(content, context), element: <ReceiptEmail data={content} context={context} /> };
    case "license_revoked":
      return { subject: licenseRevokedSubject(content), element: <LicenseRevokedEmail data={content} context={context} /> };
    case "license_replaced":
      return { subject: licenseReplacedSubject(content), element: <LicenseReplacedEmail data={content} context={context} /> };
    case "password_reset":
      return { subject: passwordResetSubject(content, context), element: <PasswordResetEmail data={content} context={context} /> };
    case "password_changed":
      return { subject: passwordChangedSubject(content, context), element: <PasswordChangedEmail data={content} context={context} /> };
    case "verify_email":
      return { subject: verifyEmailSubject(content, context), element: <VerifyEmailEmail data={content} context={context} /> };
    case "account_exists":
      return { subject: accountExistsSubject(content, context), element: <AccountExistsEmail data={content} context={context} /> };
    case "owner_new_order":
      return { subject: ownerNewOrderSubject(content), element: <OwnerNewOrderEmail data={content} context={context} /> };
    case "owner_dispute":
      return { subject: ownerDisputeSubject(content), element: <OwnerDisputeEmail data={content} context={context} /> };
    case "owner_refund_review":
      return { subject: ownerRefundReviewSubject(content), element: <OwnerRefundReviewEmail data={content} context={context} /> };
    case "renewal_reminder":
      return { subject: renewalReminderSubject(content), element: <RenewalReminderEmail data={content} context={context} /> };
    case "subscription_payment_failed":
      return { subject: subscriptionPaymentFailedSubject(content), element: <SubscriptionPaymentFailedEmail data={content} context={context} /> };
  }
}

export async function renderEmail(content: EmailContent, context: EmailContext): Promise<RenderedEmail> {
  const { subject, element } = template(content, context);
  const [html, text] = await Promise.all([render(element), render(element, { plainText: true })]);
  return { subject, html, text };
}
