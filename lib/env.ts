// The only reader of process.env. Parsed once with zod; a bad value stops start-up with a
// message naming the variable, instead of failing later in some request.
import { z } from "zod";
import { parseDatabaseUrl, type DatabaseTarget } from "./db/url";

const optional = z
  .string()
  .trim()
  .transform((v) => (v === "" ? undefined : v))
  .optional();

const schema = z.object({
  DATABASE_URL: optional,
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: optional,
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
});

export type Env = Omit<z.infer<typeof schema>, "STORE_MODE"> & {
  STORE_MODE: "demo" | "production";
  database: DatabaseTarget;
  isDemo: boolean;
  publicUrl: string;
};

export class EnvError extends Error {}

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
  return { ...env, STORE_MODE: storeMode, database, isDemo, publicUrl };
}

let cached: Env | undefined;

export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
