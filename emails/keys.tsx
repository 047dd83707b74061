import { formatExpiry } from "../lib/licenses/format";
import { KeyBlock, type EmailContext } from "./layout";

/** A key as a message shows it. The full key: the message goes to the key's owner only. */
export type EmailKey = {
  id: string;
  productName: string;
  key: string;
  maxActivations: number;
  expiresAt: Date | null;
  /** An existing key this order renewed or upgraded (absent: a new key). */
  change?: "renewed" | "upgraded";
};

export const sitesLabel = (maxActivations: number) =>
  maxActivations === 0 ? "Unlimited sites" : maxActivations === 1 ? "1 site" : `${maxActivations} sites`;

export const expiryLabel = (expiresAt: Date | null) => (expiresAt ? `Expires ${formatExpiry(expiresAt)}` : "Lifetime");

export const licenseUrl = (context: EmailContext, id: string) => `${context.baseUrl}/account/licenses/${id}`;

export function KeyList({ context, licenses }: { context: EmailContext; licenses: EmailKey[] }) {
  return (
    <>
      {licenses.map((license) => (
        <KeyBlock
          key={license.id}
          productName={license.change === "upgraded" ? `${license.productName} (upgraded, same key)` : license.productName}
          licenseKey={license.key}
          sites={sitesLabel(license.maxActivations)}
          expiry={license.change === "renewed" && license.expiresAt ? `Renewed until ${formatExpiry(license.expiresAt)}` : expiryLabel(license.expiresAt)}
          href={licenseUrl(context, license.id)}
        />
      ))}
    </>
  );
}
