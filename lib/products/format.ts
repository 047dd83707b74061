/** "$49.00" style price for a currency code and an amount in cents. */
export function formatPrice(cents: number, currency: string): string {
  return new Intl.NumberFormat("en-US", { style: "currency", currency: currency.toUpperCase() }).format(cents / 100);
}

/** "1 site", "5 sites" or "Unlimited sites" (0 = unlimited). */
export function formatSites(maxActivations: number): string {
  if (maxActivations === 0) return "Unlimited sites";
  return maxActivations === 1 ? "1 site" : `${maxActivations} sites`;
}

/** "Lifetime" or "1 year" / "N days" of updates and activation. */
export function formatValidity(validityDays: number | null): string {
  if (validityDays === null) return "Lifetime";
  if (validityDays % 365 === 0) return validityDays === 365 ? "1 year" : `${validityDays / 365} years`;
  return `${validityDays} days`;
}
