import { Action, EmailLayout, Muted, Paragraph, type EmailContext } from "./layout";
import { licenseUrl } from "./keys";

export type LicenseRevokedData = {
  kind: "license_revoked";
  /** Masked keys: a revoked key is of no use to anyone, and the notice may be forwarded. */
  licenses: { id: string; productName: string; maskedKey: string }[];
  reason: string | null;
};

export const licenseRevokedSubject = (data: LicenseRevokedData) =>
  data.licenses.length === 1 ? `Your ${data.licenses[0]?.productName} license key was revoked` : "Your license keys were revoked";

export function LicenseRevokedEmail({ data, context }: { data: LicenseRevokedData; context: EmailContext }) {
  const many = data.licenses.length > 1;
  return (
    <EmailLayout context={context} preview={data.reason ? `Reason: ${data.reason}` : "A license key of yours no longer works."} title={many ? "License keys revoked" : "License key revoked"} footer="You receive this because you hold a license from">
      <Paragraph>
        {many ? "These keys were revoked and no longer activate or update any site:" : "This key was revoked and no longer activates or updates any site:"}
      </Paragraph>
      {data.licenses.map((license) => (
        <Paragraph key={license.id}>
          <strong>{license.productName}</strong>: {license.maskedKey}
        </Paragraph>
      ))}
      <Paragraph>
        <strong>Reason:</strong> {data.reason ?? "No reason was given."}
      </Paragraph>
      <Action href={data.licenses.length === 1 && data.licenses[0] ? licenseUrl(context, data.licenses[0].id) : `${context.baseUrl}/account/licenses`}>
        See it in your account
      </Action>
      <Muted>If you think this is a mistake, reply to this message or contact {context.storeName}.</Muted>
    </EmailLayout>
  );
}
