import { Action, EmailLayout, Muted, Paragraph, type EmailContext } from "./layout";

export type VerifyEmailData = { kind: "verify_email"; verifyUrl: string; expiresInHours: number };

export const verifyEmailSubject = (_data: VerifyEmailData, context: EmailContext) => `Confirm your email address for ${context.storeName}`;

export function VerifyEmailEmail({ data, context }: { data: VerifyEmailData; context: EmailContext }) {
  return (
    <EmailLayout context={context} preview="One click to confirm this address is yours." title="Confirm your email address" footer="You receive this because this address was used to create an account at">
      <Paragraph>Confirm that this address is yours. Keys sent to it by the store show in your account once it is confirmed.</Paragraph>
      <Action href={data.verifyUrl}>Confirm my address</Action>
      <Muted>The link works for {data.expiresInHours} hours. If you did not create an account, ignore this message.</Muted>
    </EmailLayout>
  );
}
