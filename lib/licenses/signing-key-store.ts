// The signing key set kept in the database (Setting "license_signing_keys", JSON), shared by every
// app instance. Used when LICENSE_SIGNING_PRIVATE_KEY is not set. Stores from before key rotation
// kept one key under "license_signing_private_key": it is read as a one-key set until the first
// rotation replaces that row.
import { generateKeyPairSync } from "node:crypto";
import { z } from "zod";
import { Prisma, type DbClient } from "../db";
import { publicKeyOfPrivatePem, type SigningKeyEntry } from "./signing-key-set";

export const SIGNING_KEYS_SETTING = "license_signing_keys";
export const LEGACY_SIGNING_KEY_SETTING = "license_signing_private_key";

const storedSchema = z.object({
  keys: z
    .array(
      z.object({
        publicKey: z.string(),
        privateKeyPem: z.string().nullable(),
        signsFrom: z.iso.datetime().nullable(),
        publishedUntil: z.iso.datetime().nullable(),
      }),
    )
    .min(1),
});

export type StoredSigningKeys = {
  entries: SigningKeyEntry[];
  /** The row's text as read (null: no row yet), for the compare-and-swap of the next write. */
  stored: string | null;
};

export const newPrivateKeyPem = () =>
  generateKeyPairSync("ed25519").privateKey.export({ type: "pkcs8", format: "pem" }).toString();

const toDate = (value: string | null) => (value === null ? null : new Date(value));
const toIso = (value: Date | null) => (value === null ? null : value.toISOString());

function parse(text: string): SigningKeyEntry[] {
  const parsed = storedSchema.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error(`Setting ${SIGNING_KEYS_SETTING} is not a signing key set: ${parsed.error.issues[0]?.message}`);
  return parsed.data.keys.map((key) => ({ ...key, signsFrom: toDate(key.signsFrom), publishedUntil: toDate(key.publishedUntil) }));
}

export function serializeSigningKeys(entries: readonly SigningKeyEntry[]): string {
  return JSON.stringify({
    keys: entries.map((key) => ({ ...key, signsFrom: toIso(key.signsFrom), publishedUntil: toIso(key.publishedUntil) })),
  });
}

/** The stored set, or null when this database has none yet. */
export async function readSigningKeys(db: DbClient): Promise<StoredSigningKeys | null> {
  const rows = await db.setting.findMany({ where: { key: { in: [SIGNING_KEYS_SETTING, LEGACY_SIGNING_KEY_SETTING] } } });
  const current = rows.find((row) => row.key === SIGNING_KEYS_SETTING);
  if (current) return { entries: parse(current.value), stored: current.value };
  const legacy = rows.find((row) => row.key === LEGACY_SIGNING_KEY_SETTING);
  if (!legacy) return null;
  return {
    entries: [{ publicKey: publicKeyOfPrivatePem(legacy.value), privateKeyPem: legacy.value, signsFrom: null, publishedUntil: null }],
    stored: null,
  };
}

/**
 * The stored set, created with one new key on first use. Instances starting together agree: the
 * insert races on the primary key, and the losers read the winner's set.
 */
export async function loadSigningKeys(db: DbClient): Promise<StoredSigningKeys> {
  const existing = await readSigningKeys(db);
  if (existing) return existing;
  const pem = newPrivateKeyPem();
  const first: SigningKeyEntry[] = [{ publicKey: publicKeyOfPrivatePem(pem), privateKeyPem: pem, signsFrom: null, publishedUntil: null }];
  if (await writeSigningKeys(db, null, first)) return { entries: first, stored: serializeSigningKeys(first) };
  const winner = await readSigningKeys(db);
  if (!winner) throw new Error("the signing key set vanished while it was being created");
  return winner;
}

/**
 * Replaces the set only if the row still holds `stored` (null: no row yet), so two writers (two
 * rotations, or instances tidying up) can never both win; the legacy row goes with the first
 * write. Returns false when another writer got there first.
 */
export async function writeSigningKeys(db: DbClient, stored: string | null, entries: readonly SigningKeyEntry[]): Promise<boolean> {
  const value = serializeSigningKeys(entries);
  if (stored !== null) {
    const { count } = await db.setting.updateMany({ where: { key: SIGNING_KEYS_SETTING, value: stored }, data: { value } });
    return count === 1;
  }
  try {
    await db.setting.create({ data: { key: SIGNING_KEYS_SETTING, value } });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") return false;
    throw error;
  }
  await db.setting.deleteMany({ where: { key: LEGACY_SIGNING_KEY_SETTING } });
  return true;
}
