// The only reader of process.env. Parsed once with zod; a bad value stops start-up with a
// message naming the variable, instead of failing later in some request.
import { z } from "zod";
import { parseDatabaseUrl, type DatabaseTarget } from "./db/url";
import { publishedKeysEnvSchema } from "./licenses/signing-key-set";

const optional = z
  .string()
  .trim()
  .transform((v) => (v === "" ? undefined : v))
  .optional();

const schema = z.object({
  DATABASE_URL: optional,
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: optional,
  SERVER_HEAP_MB: z.coerce.number().int().min(64).max(16384).default(256),
  NODE_ENV: optional,
  STORE_MODE: z.enum(["demo", "production"]).optional(),
  NEXTAUTH_SECRET: optional,
  NEXTAUTH_URL: optional.pipe(z.url().optional()),
  SIGN_IN_MAX_ATTEMPTS: z.coerce.number().int().min(1).default(10),
  SIGN_IN_WINDOW_SECONDS: z.coerce.number().int().min(1).default(900),
  REDIS_URL: optional,
  TRUST_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
  VERIFY_RATE_LIMIT_PER_IP: z.coerce.number().int().min(1).default(600),
  VERIFY_RATE_LIMIT_PER_KEY: z.coerce.number().int().min(1).default(300),
  LICENSE_SIGNING_PRIVATE_KEY: optional,
  /** Public keys published beside LICENSE_SIGNING_PRIVATE_KEY's: `<base64>[@<date>]`, comma-separated. */
  LICENSE_SIGNING_PUBLISHED_KEYS: optional.pipe(publishedKeysEnvSchema.optional()),
  /** How often each instance re-reads the signing keys kept in the database (a rotation). */
  LICENSE_SIGNING_KEYS_REFRESH_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  STRIPE_SECRET_KEY: optional,
  STRIPE_WEBHOOK_SECRET: optional,
  /** Tests only: send Stripe API calls to a local fake server, e.g. http://127.0.0.1:12111 */
  STRIPE_API_BASE: optional.pipe(z.url().optional()),
  /** Where release files and product images live with local storage (default data/files). */
  STORAGE_DIR: optional,
  /** S3-compatible storage instead of the local directory (the choice for several instances). */
  S3_BUCKET: optional,
  /** e.g. https://<account>.r2.cloudflarestorage.com or http://127.0.0.1:9000; empty = AWS. */
  S3_ENDPOINT: optional.pipe(z.url().optional()),
  S3_REGION: optional,
  /** Path-style URLs (bucket in the path): most self-hosted S3-compatible servers need it. */
  S3_FORCE_PATH_STYLE: z
    .enum(["true", "false", "1", "0"])
    .optional()
    .transform((value) => value === "true" || value === "1"),
  /** Largest release file accepted, in MiB. */
  RELEASE_MAX_MB: z.coerce.number().int().min(1).max(2000).default(500),
  /** The store's name in emails (their layout and From). */
  STORE_NAME: z.string().trim().min(1).max(100).default("CP Store"),
  /** Outgoing mail, e.g. smtp://user:pass@smtp.example.com:587 (smtps:// for TLS from the start). Unset: messages are kept in Admin → Emails, not sent. */
  SMTP_URL: optional.pipe(z.url().refine((url) => /^smtps?:\/\//.test(url), "must start with smtp:// or smtps://").optional()),
  /** The From of every message: `Name <address>` or an address; default `STORE_NAME <no-reply@host of NEXTAUTH_URL>`. */
  EMAIL_FROM: optional,
  /** Where the owner's notices go (new order, dispute, refund to review), comma-separated; default every admin. */
  STORE_NOTIFY_EMAIL: optional,
  /** How often each instance looks for messages due to be sent. */
  EMAIL_POLL_MS: z.coerce.number().int().min(20).max(60_000).default(1000),
  /** How often each instance runs a pass of expiry reminders (lib/reminders); 1 s to 1 day, default 15 minutes. */
  REMINDER_INTERVAL_MS: z.coerce.number().int().min(1000).max(86_400_000).default(900_000),
  /** The least severe log line written (JSON lines on stdout; pretty in `npm run dev`). */
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** This process's name in every log line; default `<hostname>:<pid>`. */
  INSTANCE_ID: optional,
  /** Turns on GET /metrics for a scraper that sends `Authorization: Bearer <token>`; unset: /metrics is a 404. */
  METRICS_TOKEN: optional.pipe(z.string().min(16, "must be at least 16 characters (for example: openssl rand -hex 24)").optional()),
});

export type Env = Omit<z.infer<typeof schema>, "STORE_MODE"> & {
  STORE_MODE: "demo" | "production";
  /**
   * The address to listen on: HOST when set; otherwise 127.0.0.1 in demo mode (its admin password
   * is published in the README) and every interface in production.
   */
  listenHost: string | undefined;
  database: DatabaseTarget;
  isDemo: boolean;
  publicUrl: string;
  payments: "stripe" | "demo" | "unavailable";
  /** The From of every message (EMAIL_FROM, or one made from the store's name and address). */
  emailFrom: string;
  /** The owner's notice addresses from STORE_NOTIFY_EMAIL; empty = every admin. */
  notifyEmails: string[];
};

export class EnvError extends Error {}

/**
 * stripe: both Stripe keys set. demo: neither set and not production (no money is taken).
 * unavailable: production without Stripe. Half-set keys are an error, never a silent fallback.
 */
function paymentsMode(env: z.infer<typeof schema>, isDemo: boolean): "stripe" | "demo" | "unavailable" {
  const secret = Boolean(env.STRIPE_SECRET_KEY);
  const webhook = Boolean(env.STRIPE_WEBHOOK_SECRET);
  if (secret !== webhook) {
    throw new EnvError(
      "Invalid environment:\n  STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET must be set together (or both left unset for demo payments)",
    );
  }
  if (secret) return "stripe";
  return isDemo ? "demo" : "unavailable";
}

/** Validates a raw environment; exported for tests. */
export function parseEnv(raw: Record<string, string | undefined>): Env {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    throw new EnvError(`Invalid environment:\n  ${problems.join("\n  ")}`);
  }
  const env = parsed.data;
  let database: DatabaseTarget;
  try {
    database = parseDatabaseUrl(env.DATABASE_URL);
  } catch (error) {
    throw new EnvError(`Invalid environment:\n  DATABASE_URL: ${(error as Error).message}`);
  }
  // Production unless told otherwise by a non-production NODE_ENV or STORE_MODE=demo; `npm start`
  // decides once from the operator's environment and passes STORE_MODE down explicitly.
  const storeMode = env.STORE_MODE ?? (env.NODE_ENV === "production" ? "production" : "demo");
  const isDemo = storeMode === "demo";
  if (!isDemo && (!env.NEXTAUTH_SECRET || env.NEXTAUTH_SECRET.length < 32)) {
    throw new EnvError(
      "Invalid environment:\n  NEXTAUTH_SECRET: production mode needs a random secret of at least " +
        "32 characters (for example: openssl rand -base64 32)",
    );
  }
  const publicUrl = (env.NEXTAUTH_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, "");
  const listenHost = env.HOST ?? (isDemo ? "127.0.0.1" : undefined);
  const notifyEmails = (env.STORE_NOTIFY_EMAIL ?? "").split(",").map((address) => address.trim().toLowerCase()).filter(Boolean);
  const badNotify = notifyEmails.find((address) => !z.email().safeParse(address).success);
  if (badNotify) throw new EnvError(`Invalid environment:\n  STORE_NOTIFY_EMAIL: "${badNotify}" is not an email address`);
  const emailFrom = env.EMAIL_FROM ?? `"${env.STORE_NAME.replace(/["\\]/g, "")}" <no-reply@${new URL(publicUrl).hostname}>`;
  return {
    ...env,
    STORE_MODE: storeMode,
    listenHost,
    database,
    isDemo,
    publicUrl,
    payments: paymentsMode(env, isDemo),
    emailFrom,
    notifyEmails,
  };
}

let cached: Env | undefined;

export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
