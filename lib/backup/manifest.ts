// manifest.json, the first entry of every backup archive: what the archive holds and how to check
// it. Restore trusts nothing else in the archive until this parses and every checksum matches.
import { z } from "zod";

export const BACKUP_FORMAT = "cp-store-backup";
/** Raised when the archive's layout changes; restore refuses archives newer than it knows. */
export const BACKUP_FORMAT_VERSION = 1;

export const MANIFEST_ENTRY = "manifest.json";
export const DATABASE_ENTRY = { sqlite: "database.sqlite", postgresql: "database.pgdump" } as const;
/** Storage files sit under this folder, at their storage key. */
export const FILES_DIR = "files";

const sha256 = z.string().regex(/^[0-9a-f]{64}$/);
/** Table names end up in SQL on restore (the row-count check), so only plain identifiers pass. */
const tableName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,62}$/);

const storedFile = z.object({ key: z.string().min(1).max(1024), bytes: z.number().int().min(0), sha256 });

export const manifestSchema = z.object({
  format: z.literal(BACKUP_FORMAT),
  formatVersion: z.number().int().min(1),
  createdAt: z.iso.datetime(),
  app: z.object({ name: z.string(), version: z.string() }),
  provider: z.enum(["sqlite", "postgresql"]),
  /** Names of the migrations applied to the database when it was copied, oldest first. */
  migrations: z.array(z.string().min(1)),
  /** Rows per table in the copy (the same snapshot as the dump, not a later count). */
  counts: z.record(tableName, z.number().int().min(0)),
  database: z.object({
    entry: z.enum([DATABASE_ENTRY.sqlite, DATABASE_ENTRY.postgresql]),
    bytes: z.number().int().min(0),
    sha256,
    /** e.g. "pg_dump (PostgreSQL) 15.20", so restore can ask for a pg_restore at least as new. */
    tool: z.string().optional(),
  }),
  storage: z.discriminatedUnion("kind", [
    z.object({ kind: z.literal("local"), included: z.literal(true), files: z.array(storedFile) }),
    z.object({ kind: z.literal("s3"), included: z.literal(false), bucket: z.string(), note: z.string() }),
  ]),
});

export type BackupManifest = z.infer<typeof manifestSchema>;
export type ManifestFile = z.infer<typeof storedFile>;

export class BackupError extends Error {}

/**
 * Parses manifest.json. The format and its version are read first, so an archive from a newer
 * CP Store is named as such instead of failing on fields this version does not know.
 */
export function parseManifest(text: string): BackupManifest {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new BackupError("Not a CP Store backup: its manifest.json is not JSON.");
  }
  const head = z.object({ format: z.literal(BACKUP_FORMAT), formatVersion: z.number().int().min(1) }).safeParse(raw);
  if (!head.success) throw new BackupError("Not a CP Store backup: its manifest.json is not a CP Store manifest.");
  if (head.data.formatVersion > BACKUP_FORMAT_VERSION) {
    throw new BackupError(
      `This backup has format version ${head.data.formatVersion}; this CP Store reads up to ${BACKUP_FORMAT_VERSION}. ` +
        "Restore it with the version of CP Store that made it, or a newer one.",
    );
  }
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.slice(0, 3).map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    throw new BackupError(`Not a valid CP Store backup: its manifest.json is damaged (${problems.join("; ")}).`);
  }
  return parsed.data;
}
