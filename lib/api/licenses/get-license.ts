import type { DbClient } from "../../db";
import { normalizeLicenseKey } from "../../licenses/key";
import { licenseNotFound } from "../errors";
import type { LicenseObject } from "./schemas";
import { licenseObjectInclude, serializeLicense, type LicenseRow } from "./serialize-license";

/** The license for a key in any spelling; a malformed key is a 404 without a database lookup. */
export async function getLicenseRowOrThrow(db: DbClient, rawKey: string): Promise<LicenseRow> {
  const key = normalizeLicenseKey(rawKey);
  const row = key ? await db.license.findUnique({ where: { key }, include: licenseObjectInclude }) : null;
  if (!row) throw licenseNotFound();
  return row;
}

export async function getLicense(db: DbClient, rawKey: string, now = new Date()): Promise<LicenseObject> {
  return serializeLicense(await getLicenseRowOrThrow(db, rawKey), now);
}
