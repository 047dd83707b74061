import { Action, EmailLayout, Muted, Paragraph, type EmailContext } from "./layout";

export type PasswordResetData = { kind: "password_reset"; resetUrl: string; expiresInMinutes: number };

export const passwordResetSubject = (_data: PasswordResetData, context: EmailContext) => `Reset your ${context.storeName} password`;

export function PasswordResetEmail({ data, context }: { data: PasswordResetData; context: EmailContext }) {
  return (
    <EmailLayout context={context} preview="A link to choose a new password." title="Reset your password" footer="You receive this because someone asked to reset the password of your account at">
      <Paragraph>Someone, hopefully you, asked to reset the password of your account. Choose a new password with this link:</Paragraph>
      <Action href={data.resetUrl}>Choose a new password</Action>
      <Muted>
        The link works once, for {data.expiresInMinutes} minutes. If you did not ask for it, ignore this message: your password stays as it is.
      </Muted>
    </EmailLayout>
  );
}
