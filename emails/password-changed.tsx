import { Action, EmailLayout, Muted, Paragraph, type EmailContext } from "./layout";

export type PasswordChangedData = { kind: "password_changed"; how: "changed" | "reset" };

export const passwordChangedSubject = (_data: PasswordChangedData, context: EmailContext) => `Your ${context.storeName} password was changed`;

export function PasswordChangedEmail({ data, context }: { data: PasswordChangedData; context: EmailContext }) {
  return (
    <EmailLayout context={context} preview="Your password was changed and every session signed out." title="Your password was changed" footer="You receive this because the password of your account changed at">
      <Paragraph>
        The password of your account was {data.how === "reset" ? "reset with a link sent to this address" : "changed from your account settings"}. Every
        browser and device that was signed in has been signed out.
      </Paragraph>
      <Muted>If this was not you, reset your password now and contact {context.storeName}.</Muted>
      <Action href={`${context.baseUrl}/forgot-password`}>Reset my password</Action>
    </EmailLayout>
  );
}
