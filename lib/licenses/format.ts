// How license facts read to people, the same in Account and Admin. Dates are shown in UTC so a
// server render never depends on the machine's time zone.
import type { LicenseStatus } from "./status";

export const LICENSE_STATUS_LABELS: Record<LicenseStatus, string> = {
  active: "Active",
  expired: "Expired",
  revoked: "Revoked",
};

const dateFormat = new Intl.DateTimeFormat("en-US", { year: "numeric", month: "short", day: "numeric", timeZone: "UTC" });
const dateTimeFormat = new Intl.DateTimeFormat("en-US", {
  year: "numeric",
  month: "short",
  day: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
  timeZone: "UTC",
});

/** "Nov 25, 2026" */
export const formatDate = (date: Date): string => dateFormat.format(date);

/** "Nov 25, 2026, 08:29 UTC" */
export const formatDateTime = (date: Date): string => `${dateTimeFormat.format(date)} UTC`;

/** The expiry date, or "Lifetime" for a key that never expires. */
export const formatExpiry = (expiresAt: Date | null): string => (expiresAt ? formatDate(expiresAt) : "Lifetime");

/** "5", or "Unlimited" for 0. */
export const formatMaxActivations = (maxActivations: number): string =>
  maxActivations === 0 ? "Unlimited" : String(maxActivations);

/** "2 of 5" or "2 of Unlimited". */
export const formatActivationUsage = (license: { activationsUsed: number; maxActivations: number }): string =>
  `${license.activationsUsed} of ${formatMaxActivations(license.maxActivations)}`;
