// The server API over real HTTP, per database: the real store server (server/main.ts + Next.js)
// serves a fresh test database, and the suite calls it with fetch. The test process keeps its own
// client of the same database to arrange data and check effects.
import { createApiKey } from "../../../../lib/api-keys/create-api-key";
import type { ApiKeyScope } from "../../../../lib/api-keys/schemas";
import type { Db, DatabaseProvider } from "../../../../lib/db";
import { unique } from "../../../helpers/factories";
import { startStoreServer, type StoreServer } from "../../../helpers/store-server";
import { describeEachDatabaseWith } from "../../../helpers/test-databases";

export type ServerApi = StoreServer;

export type ApiCall<T> = { status: number; headers: Headers; json: T };
export type ApiErrorJson = { error: { code: string; message: string } };

export type CallOptions = {
  method?: "GET" | "POST" | "DELETE";
  /** An API key secret; null sends no Authorization header. */
  key?: string | null;
  json?: unknown;
  body?: string;
  headers?: Record<string, string>;
};

export type ServerApiSuite = {
  provider: DatabaseProvider;
  db(): Db;
  server(): ServerApi;
  /** A read and a write key created on the suite's database before its tests. */
  readKey(): string;
  writeKey(): string;
  /** Calls the server API, with the write key unless `key` says otherwise. */
  call<T = unknown>(path: string, options?: CallOptions): Promise<ApiCall<T>>;
};

export async function createTestApiKey(db: Db, scope: ApiKeyScope): Promise<string> {
  const { secret } = await createApiKey(db, { name: `test ${scope} ${unique()}`, scope, createdBy: "test" });
  return secret;
}

export async function callServerApi<T>(server: ServerApi, path: string, options: CallOptions & { key: string | null }): Promise<ApiCall<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.key !== null) headers.Authorization = `Bearer ${options.key}`;
  let body = options.body;
  if (options.json !== undefined) {
    body = JSON.stringify(options.json);
    headers["Content-Type"] ??= "application/json";
  }
  const response = await fetch(`${server.url}${path}`, { method: options.method ?? (body === undefined ? "GET" : "POST"), headers, body });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`${path} answered ${response.status} with a body that is not JSON: ${text.slice(0, 200)}\n${server.stderr()}`);
  }
  return { status: response.status, headers: response.headers, json: json as T };
}

/** Like describeEachDatabase (blocks `[sqlite]` and `[postgresql]`), plus a server API per database. */
export function describeServerApi(title: string, define: (suite: ServerApiSuite) => void): void {
  describeEachDatabaseWith(
    title,
    {
      async setup(database) {
        const keys = { read: await createTestApiKey(database.db, "read"), write: await createTestApiKey(database.db, "write") };
        return { keys, server: await startStoreServer({ databaseUrl: database.url }) };
      },
      teardown: ({ server }) => server.stop(),
    },
    ({ provider, database, fixture }) =>
      define({
        provider,
        db: () => database().db,
        server: () => fixture().server,
        readKey: () => fixture().keys.read,
        writeKey: () => fixture().keys.write,
        call: (path, options = {}) =>
          callServerApi(fixture().server, path, { ...options, key: options.key === undefined ? fixture().keys.write : options.key }),
      }),
  );
}
