// Download links: an opaque token in the URL that names a license, a release and the site it was
// made for, with an expiry, signed with HMAC-SHA256 so nobody can mint or edit one. The secret is
// generated once and kept in the Setting table, so every instance of the store accepts the links
// any other made; each process reads it once. The token proves only what was true when it was
// made: the download route re-checks the key, the release and the site (DESIGN.md, "Download URL").
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { Prisma, type DbClient } from "../db";
import { getEnv } from "../env";

export const DOWNLOAD_TOKEN_SECRET_SETTING = "download_token_secret";
/** WordPress caches update data for 12 hours: a link has to outlive several of its checks. */
export const DEFAULT_DOWNLOAD_TOKEN_SECONDS = 7 * 24 * 60 * 60;
/** Far longer than any token made here (ids are cuids, an environment at most a hostname). */
const MAX_TOKEN_LENGTH = 1024;

export type DownloadTokenPayload = {
  licenseId: string;
  releaseId: string;
  /** The site (canonical host or IP) the link was made for; null: a signed-in customer's own download. */
  environment: string | null;
  expiresAt: Date;
};

export type DownloadTokenReading =
  | { ok: true; payload: DownloadTokenPayload }
  | { ok: false; reason: "malformed" | "tampered" | "expired"; message: string };

/** The signed part, with short names: it travels in every update answer. */
const payloadSchema = z.object({
  l: z.string().min(1).max(64),
  r: z.string().min(1).max(64),
  e: z.string().min(1).max(255).nullable(),
  x: z.number().int(),
});

const secrets = new WeakMap<object, Promise<Buffer>>();

/** The shared secret, created on first use. Instances starting together agree: losers of the insert read the winner's. */
function secretFor(db: DbClient): Promise<Buffer> {
  let secret = secrets.get(db);
  if (!secret) {
    secret = loadSecret(db);
    secrets.set(db, secret);
    secret.catch(() => secrets.delete(db)); // a failed read is retried by the next caller
  }
  return secret;
}

async function loadSecret(db: DbClient): Promise<Buffer> {
  const existing = await db.setting.findUnique({ where: { key: DOWNLOAD_TOKEN_SECRET_SETTING } });
  if (existing) return Buffer.from(existing.value, "base64url");
  const value = randomBytes(32).toString("base64url");
  try {
    await db.setting.create({ data: { key: DOWNLOAD_TOKEN_SECRET_SETTING, value } });
    return Buffer.from(value, "base64url");
  } catch (error) {
    if (!(error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002")) throw error;
  }
  const winner = await db.setting.findUnique({ where: { key: DOWNLOAD_TOKEN_SECRET_SETTING } });
  if (!winner) throw new Error("the download token secret vanished while it was being created");
  return Buffer.from(winner.value, "base64url");
}

const mac = (secret: Buffer, encodedPayload: string) => createHmac("sha256", secret).update(encodedPayload).digest();

/** A URL-safe token for one license, release and site (null: the customer's own), valid `expiresInSeconds`. */
export async function createDownloadToken(
  db: DbClient,
  input: { licenseId: string; releaseId: string; environment: string | null; expiresInSeconds?: number; now?: Date },
): Promise<string> {
  const now = input.now ?? new Date();
  const expires = Math.floor(now.getTime() / 1000) + (input.expiresInSeconds ?? DEFAULT_DOWNLOAD_TOKEN_SECONDS);
  const payload = Buffer.from(JSON.stringify({ l: input.licenseId, r: input.releaseId, e: input.environment, x: expires })).toString("base64url");
  return `${payload}.${mac(await secretFor(db), payload).toString("base64url")}`;
}

/** What a token says, if this store signed it and it has not expired. The signature is compared in constant time. */
export async function readDownloadToken(db: DbClient, token: string, now: Date = new Date()): Promise<DownloadTokenReading> {
  const parts = token.length <= MAX_TOKEN_LENGTH ? token.split(".") : [];
  const [payload, signature] = parts;
  if (parts.length !== 2 || !payload || !signature || !/^[\w-]+$/.test(payload) || !/^[\w-]+$/.test(signature)) {
    return { ok: false, reason: "malformed", message: "This download link is malformed" };
  }
  const expected = mac(await secretFor(db), payload);
  const given = Buffer.from(signature, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, reason: "tampered", message: "This download link is not valid (it was altered or made by another store)" };
  }
  let fields: z.infer<typeof payloadSchema>;
  try {
    const parsed = payloadSchema.safeParse(JSON.parse(Buffer.from(payload, "base64url").toString("utf8")));
    if (!parsed.success) throw parsed.error;
    fields = parsed.data;
  } catch {
    return { ok: false, reason: "malformed", message: "This download link is malformed" };
  }
  const expiresAt = new Date(fields.x * 1000);
  if (expiresAt.getTime() <= now.getTime()) {
    return { ok: false, reason: "expired", message: "This download link has expired; check for updates again to get a new one" };
  }
  return { ok: true, payload: { licenseId: fields.l, releaseId: fields.r, environment: fields.e, expiresAt } };
}

/** The public URL that downloads with `token`. */
export const downloadUrl = (token: string): string => `${getEnv().publicUrl}/api/v1/downloads/${token}`;
