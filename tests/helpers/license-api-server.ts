// The public license endpoints over real HTTP, through the real store server (server/main.ts +
// Next.js, tests/helpers/store-server.ts) in a child process per test database. Two servers on one
// PostgreSQL database are two app instances.
import { request as httpRequest } from "node:http";
import { afterAll, beforeAll } from "vitest";
import type { Db, DatabaseProvider } from "../../lib/db";
import type { VerifyResponseBody } from "../../lib/licenses/verify-license";
import { startStoreServer, type StoreServer, type StoreServerEnv } from "./store-server";
import { describeEachDatabaseWith } from "./test-databases";

export { TEST_PUBLIC_URL } from "./store-server";

/** Settings a license API test may give its server. */
export type LicenseApiServerEnv = Pick<StoreServerEnv, "VERIFY_RATE_LIMIT_PER_IP" | "VERIFY_RATE_LIMIT_PER_KEY" | "TRUST_PROXY_HOPS">;

export type LicenseApiServer = StoreServer;

/** The store server on `databaseUrl`, with only the settings a license API test may change. */
export function startLicenseApiServer(options: { databaseUrl: string; env?: LicenseApiServerEnv }): Promise<LicenseApiServer> {
  return startStoreServer(options);
}

// ---- Calling the endpoints ----

export const VERIFY_PATH = "/api/v1/licenses/verify";
export const DEACTIVATE_PATH = "/api/v1/licenses/deactivate";
export const SIGNING_KEY_PATH = "/api/v1/licenses/signing-key";

export type ApiResponse<T> = {
  status: number;
  headers: Headers;
  /** The exact body bytes (what the signature covers). */
  bytes: Buffer;
  text: string;
  json: T;
};

/** `{ error: { code, message } }`, the body of every 400 and 429. */
export type ApiErrorBody = { error: { code: string; message: string } };

export type DeactivateResponseBody = {
  success: boolean;
  code: "DEACTIVATED" | "NOT_ACTIVATED" | "NOT_FOUND";
  message: string;
  environment: { kind: "domain" | "ip"; value: string };
};

export type SigningKeyResponseBody = {
  algorithm: string;
  key_id: string;
  public_key: string;
  public_key_pem: string;
  signature_header: string;
  key_id_header: string;
};

export type ApiRequestInit = {
  method?: "GET" | "POST";
  /** Sent as application/json. */
  json?: Record<string, unknown>;
  /** Sent as application/x-www-form-urlencoded. */
  form?: Record<string, string>;
  /** A raw body, sent with `contentType` (or none when it is null). */
  body?: string;
  contentType?: string | null;
  headers?: Record<string, string>;
};

/** One request; the JSON body is parsed but not validated (the tests assert on it). */
export async function callApi<T = unknown>(server: { url: string }, path: string, init: ApiRequestInit = {}): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { ...init.headers };
  let body: string | undefined;
  if (init.json !== undefined) {
    body = JSON.stringify(init.json);
    headers["Content-Type"] = "application/json";
  } else if (init.form !== undefined) {
    body = new URLSearchParams(init.form).toString();
    headers["Content-Type"] = "application/x-www-form-urlencoded";
  } else if (init.body !== undefined) {
    body = init.body;
    if (init.contentType) headers["Content-Type"] = init.contentType;
  }
  const response = await fetch(`${server.url}${path}`, { method: init.method ?? (body === undefined ? "GET" : "POST"), headers, body });
  const bytes = Buffer.from(await response.arrayBuffer());
  const text = bytes.toString("utf8");
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`${path} answered ${response.status} with a body that is not JSON: ${text.slice(0, 200)}`);
  }
  return { status: response.status, headers: response.headers, bytes, text, json: json as T };
}

export type VerifyFields = { key: string; domain?: string; product?: string; nonce?: string };

/** POST /verify as JSON (or as a form with `{ form: true }`). */
export function verify(
  server: { url: string },
  fields: VerifyFields,
  options: { form?: boolean; headers?: Record<string, string> } = {},
): Promise<ApiResponse<VerifyResponseBody>> {
  const init: ApiRequestInit = options.form ? { form: { ...fields } } : { json: { ...fields } };
  return callApi<VerifyResponseBody>(server, VERIFY_PATH, { ...init, headers: options.headers });
}

export function deactivate(
  server: { url: string },
  fields: { key: string; domain?: string },
  options: { headers?: Record<string, string> } = {},
): Promise<ApiResponse<DeactivateResponseBody>> {
  return callApi<DeactivateResponseBody>(server, DEACTIVATE_PATH, { json: fields, headers: options.headers });
}

export function fetchSigningKey(server: { url: string }): Promise<ApiResponse<SigningKeyResponseBody>> {
  return callApi<SigningKeyResponseBody>(server, SIGNING_KEY_PATH);
}

/**
 * POSTs a body written in separate pieces (chunked transfer encoding, a pause between writes),
 * so the server receives it in several `data` events, as it would from a slow or large upload.
 */
export function postInChunks(
  server: { url: string },
  path: string,
  parts: readonly string[],
  contentType: string,
): Promise<{ status: number; json: unknown }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(`${server.url}${path}`, { method: "POST", headers: { "Content-Type": contentType } }, (response) => {
      let text = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => {
        text += chunk;
      });
      response.on("end", () => {
        try {
          resolve({ status: response.statusCode ?? 0, json: JSON.parse(text) });
        } catch (error) {
          reject(error instanceof Error ? error : new Error(String(error)));
        }
      });
    });
    request.on("error", reject);
    void (async () => {
      for (const part of parts) {
        request.write(part);
        await new Promise((wait) => setTimeout(wait, 30));
      }
      request.end();
    })();
  });
}

// ---- Suites ----

export type LicenseApiSuite = {
  provider: DatabaseProvider;
  /** The test database (a client of its own, not the server's). */
  db(): Db;
  databaseUrl(): string;
  /** The suite's server, started with the suite's `env`. */
  server(): LicenseApiServer;
};

/**
 * Like describeEachDatabase, plus a license API server on each database: blocks `[sqlite]` and
 * `[postgresql]` (skipped, loudly, when PostgreSQL is unreachable outside CI). `prepare` runs on
 * the fresh database before the server starts (store settings the server reads at start-up).
 */
export function describeLicenseApi(
  title: string,
  define: (suite: LicenseApiSuite) => void,
  options: { env?: LicenseApiServerEnv; prepare?: (db: Db) => Promise<void> } = {},
): void {
  describeEachDatabaseWith(
    title,
    {
      async setup(database) {
        await options.prepare?.(database.db);
        return startLicenseApiServer({ databaseUrl: database.url, env: options.env });
      },
      teardown: (server) => server.stop(),
    },
    ({ provider, database, fixture }) =>
      define({ provider, db: () => database().db, databaseUrl: () => database().url, server: fixture }),
  );
}

/**
 * Another server on the suite's database with different settings (a low rate limit, a trusted
 * proxy), started before the enclosing describe's tests and stopped after them.
 */
export function useExtraServer(suite: LicenseApiSuite, env: LicenseApiServerEnv): () => LicenseApiServer {
  let server: LicenseApiServer | undefined;
  beforeAll(async () => {
    server = await startLicenseApiServer({ databaseUrl: suite.databaseUrl(), env });
  });
  afterAll(async () => {
    await server?.stop();
  });
  return () => {
    if (!server) throw new Error("only available inside tests and hooks");
    return server;
  };
}
