import type { Db } from "../db";
import { keyIdOf, pruneKeySet, publicKeyOfPrivatePem, signingEntryAt, type SigningKeyEntry } from "./signing-key-set";
import { loadSigningKeys, newPrivateKeyPem, readSigningKeys, writeSigningKeys } from "./signing-key-store";

export type RotateSigningKeyResult =
  | {
      outcome: "rotated";
      next: { keyId: string; publicKey: string; signsFrom: Date };
      previous: { keyId: string; publishedUntil: Date };
    }
  | { outcome: "already_scheduled"; next: { keyId: string; signsFrom: Date } };

class WriteConflict extends Error {}

/**
 * Adds a new signing key to the stored set. It is published at once and signs from `signsFrom`
 * (give every instance time to publish it first); the key it replaces stays published until
 * `signsFrom + overlapMs`, so answers it signed still verify. One rotation at a time: while a key
 * is scheduled, another rotation answers already_scheduled. The write is a compare-and-swap on
 * the stored set, so concurrent rotations (or instances tidying the set) cannot lose a key.
 */
export async function rotateSigningKey(
  db: Db,
  input: { now: Date; signsFrom: Date; overlapMs: number; privateKeyPem?: string },
): Promise<RotateSigningKeyResult> {
  const now = input.now.getTime();
  await loadSigningKeys(db); // a store that never signed yet gets its first key, then the next one
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.$transaction(async (tx) => {
        const stored = await readSigningKeys(tx);
        if (!stored) throw new Error("the signing key set vanished");
        const entries = pruneKeySet(stored.entries, now);
        const scheduled = entries.find((entry) => entry.privateKeyPem !== null && (entry.signsFrom?.getTime() ?? -Infinity) > now);
        if (scheduled?.signsFrom) {
          return { outcome: "already_scheduled", next: { keyId: keyIdOf(scheduled.publicKey), signsFrom: scheduled.signsFrom } } as const;
        }
        const replaced = signingEntryAt(entries, now);
        const publishedUntil = new Date(input.signsFrom.getTime() + input.overlapMs);
        const pem = input.privateKeyPem ?? newPrivateKeyPem();
        const next: SigningKeyEntry = { publicKey: publicKeyOfPrivatePem(pem), privateKeyPem: pem, signsFrom: input.signsFrom, publishedUntil: null };
        const rotated = entries.map((entry) => (entry.publicKey === replaced.publicKey ? { ...entry, publishedUntil } : entry));
        if (!(await writeSigningKeys(tx, stored.stored, [...rotated, next]))) throw new WriteConflict();
        return {
          outcome: "rotated",
          next: { keyId: keyIdOf(next.publicKey), publicKey: next.publicKey, signsFrom: input.signsFrom },
          previous: { keyId: keyIdOf(replaced.publicKey), publishedUntil },
        } as const;
      });
    } catch (error) {
      // Someone else wrote the set meanwhile: read it again (it may now hold a scheduled key).
      if (!(error instanceof WriteConflict) || attempt >= 3) throw error;
    }
  }
}
