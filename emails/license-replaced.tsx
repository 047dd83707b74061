import { KeyList, type EmailKey } from "./keys";
import { Action, EmailLayout, Muted, Paragraph, type EmailContext } from "./layout";

export type LicenseReplacedData = { kind: "license_replaced"; replacement: EmailKey; originalMaskedKey: string };

export const licenseReplacedSubject = (data: LicenseReplacedData) => `Your new ${data.replacement.productName} license key`;

export function LicenseReplacedEmail({ data, context }: { data: LicenseReplacedData; context: EmailContext }) {
  return (
    <EmailLayout context={context} preview="A new key replaces your old one." title="Your new license key" footer="You receive this because you hold a license from">
      <Paragraph>
        Your key {data.originalMaskedKey} was replaced and no longer works. This is the key that takes its place, with the same product, sites and
        expiry:
      </Paragraph>
      <KeyList context={context} licenses={[data.replacement]} />
      <Paragraph>Enter the new key on each site that used the old one.</Paragraph>
      <Action href={`${context.baseUrl}/account/licenses/${data.replacement.id}`}>Open the key in your account</Action>
      <Muted>If you did not ask for a new key, contact {context.storeName}.</Muted>
    </EmailLayout>
  );
}
