// Workaround for prisma/orm#27403: `prisma migrate deploy` through @prisma/adapter-pg fails with
// "Column type 'name' could not be deserialized", because the schema engine reads catalog
// columns of PostgreSQL's `name` type (OID 19) and the adapter knows no column type for it.
// `name` is plain text, so this pg client reports such columns as `text` (OID 25).
// Used only by the migration step (prisma.config.ts); the app's own client uses the stock adapter.
// Remove once the upstream issue is fixed.
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";

const NAME_OID = 19;
const TEXT_OID = 25;

type QueryResultLike = { fields?: Array<{ dataTypeID: number }> };

function relabelNameColumns<T>(result: T): T {
  for (const field of (result as QueryResultLike)?.fields ?? []) {
    if (field.dataTypeID === NAME_OID) field.dataTypeID = TEXT_OID;
  }
  return result;
}

class NameAsTextClient extends pg.Client {
  // pg's overloads are many: the pool calls this with a callback, the adapter with a promise.
  query(...args: unknown[]): never {
    const last = args.at(-1);
    if (typeof last === "function") {
      args[args.length - 1] = (error: unknown, result: unknown) =>
        (last as (e: unknown, r: unknown) => void)(error, error ? result : relabelNameColumns(result));
    }
    const result = (super.query as (...a: unknown[]) => unknown)(...args);
    if (result instanceof Promise) return result.then(relabelNameColumns) as never;
    return result as never;
  }
}

export function createMigrationPgAdapter(connectionString: string): PrismaPg {
  return new PrismaPg(new pg.Pool({ connectionString, Client: NameAsTextClient, max: 2, allowExitOnIdle: true }));
}
