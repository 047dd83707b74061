// Which keys a refund is for travels in the refund's Stripe metadata, so the charge.refunded
// webhook can revoke exactly those keys even when it is the first to hear of the refund.
// Stripe limits a metadata value to 500 characters: long lists spill into license_ids_2, _3, ….

const VALUE_MAX = 500;
const KEY = "license_ids";

/** `{ license_ids: "id1,id2,…", license_ids_2: "…" }` for the given key ids (order kept). */
export function encodeLicenseIds(licenseIds: string[]): Record<string, string> {
  const chunks: string[] = [];
  let current = "";
  for (const id of licenseIds) {
    const next = current === "" ? id : `${current},${id}`;
    if (next.length > VALUE_MAX && current !== "") {
      chunks.push(current);
      current = id;
    } else {
      current = next;
    }
  }
  if (current !== "") chunks.push(current);
  return Object.fromEntries(chunks.map((chunk, index) => [index === 0 ? KEY : `${KEY}_${index + 1}`, chunk]));
}

/** The key ids named in a refund's metadata; none when it names none (a refund from the Stripe Dashboard). */
export function decodeLicenseIds(metadata: Record<string, string> | null | undefined): string[] {
  if (!metadata) return [];
  const ids: string[] = [];
  for (let index = 1; ; index++) {
    const value = metadata[index === 1 ? KEY : `${KEY}_${index}`];
    if (value === undefined) break;
    ids.push(...value.split(",").map((id) => id.trim()).filter((id) => id !== ""));
  }
  return ids;
}
