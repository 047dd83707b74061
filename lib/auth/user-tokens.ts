// One-time links sent by email (password reset, address confirmation). The token itself only ever
// exists in the email: the database keeps its SHA-256, so a leaked table (or backup) cannot be
// turned into working links. A plain hash, not scrypt: the token is 256 random bits, so there is
// nothing to guess, and a lookup by its hash is one indexed read.
import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import type { DbClient } from "../db";

export type UserTokenPurpose = "password_reset" | "verify_email";

/** 32 random bytes as base64url: 43 characters, 256 bits (OWASP asks for at least 128). */
const TOKEN_BYTES = 32;

/** What a token in a link or form must look like; anything else is refused before any lookup. */
export const userTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/, "This link is not valid.");

export const hashUserToken = (token: string): string => createHash("sha256").update(token, "utf8").digest("hex");

/** A fresh random token and its hash; also spent on unknown emails so both paths cost the same. */
export function newUserToken(): { token: string; tokenHash: string } {
  const token = randomBytes(TOKEN_BYTES).toString("base64url");
  return { token, tokenHash: hashUserToken(token) };
}

/** Writes a token for `userId` proving `email`, valid for `ttlMs`; returns the token for the link. */
export async function createUserToken(
  tx: DbClient,
  input: { userId: string; purpose: UserTokenPurpose; email: string; ttlMs: number; now?: Date },
): Promise<{ token: string; expiresAt: Date }> {
  const now = input.now ?? new Date();
  const { token, tokenHash } = newUserToken();
  const expiresAt = new Date(now.getTime() + input.ttlMs);
  await tx.userToken.create({ data: { userId: input.userId, purpose: input.purpose, email: input.email, tokenHash, expiresAt, createdAt: now } });
  return { token, expiresAt };
}

export type TokenRefusal = "invalid" | "expired" | "used";
export type UsedToken = { id: string; userId: string; email: string };

/**
 * Spends a token: the conditional update of usedAt (still unused, not expired) is the one that
 * decides, so two requests with one link can never both succeed. Call it inside the transaction
 * of what the token allows, so a failure later in that transaction leaves the token unused.
 */
export async function useUserToken(
  tx: DbClient,
  input: { token: string; purpose: UserTokenPurpose; now?: Date },
): Promise<{ ok: true; token: UsedToken } | { ok: false; reason: TokenRefusal }> {
  const now = input.now ?? new Date();
  const found = await findUserToken(tx, input.token, input.purpose);
  if (!found) return { ok: false, reason: "invalid" };
  if (found.usedAt) return { ok: false, reason: "used" };
  if (found.expiresAt.getTime() <= now.getTime()) return { ok: false, reason: "expired" };
  const { count } = await tx.userToken.updateMany({ where: { id: found.id, usedAt: null, expiresAt: { gt: now } }, data: { usedAt: now } });
  if (count !== 1) return { ok: false, reason: "used" };
  return { ok: true, token: { id: found.id, userId: found.userId, email: found.email } };
}

/** Whether a token would be accepted now, without spending it (the reset page's first look). */
export async function checkUserToken(
  db: DbClient,
  input: { token: string; purpose: UserTokenPurpose; now?: Date },
): Promise<{ ok: true } | { ok: false; reason: TokenRefusal }> {
  const found = await findUserToken(db, input.token, input.purpose);
  if (!found) return { ok: false, reason: "invalid" };
  if (found.usedAt) return { ok: false, reason: "used" };
  if (found.expiresAt.getTime() <= (input.now ?? new Date()).getTime()) return { ok: false, reason: "expired" };
  return { ok: true };
}

async function findUserToken(db: DbClient, token: string, purpose: UserTokenPurpose) {
  if (!userTokenSchema.safeParse(token).success) return null;
  const found = await db.userToken.findUnique({ where: { tokenHash: hashUserToken(token) } });
  // A verification link is no reset link, and the other way round.
  return found && found.purpose === purpose ? found : null;
}
