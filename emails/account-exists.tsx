import { Action, EmailLayout, Muted, Paragraph, type EmailContext } from "./layout";

export type AccountExistsData = { kind: "account_exists" };

export const accountExistsSubject = (_data: AccountExistsData, context: EmailContext) => `You already have a ${context.storeName} account`;

/** Sign-up with a taken address answers like a new one; the address's owner learns of it here. */
export function AccountExistsEmail({ context }: { data: AccountExistsData; context: EmailContext }) {
  return (
    <EmailLayout context={context} preview="Someone tried to create an account with this address." title="You already have an account" footer="You receive this because this address was used to sign up at">
      <Paragraph>Someone tried to create an account with this address, which already has one. If it was you, sign in, or reset your password if you forgot it.</Paragraph>
      <Action href={`${context.baseUrl}/forgot-password`}>Reset my password</Action>
      <Muted>If it was not you, ignore this message: nothing changed.</Muted>
    </EmailLayout>
  );
}
