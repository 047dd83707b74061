// Every HTTP method of a route handler file, so that a method the route does not serve answers
// like the rest of the API (405 with `Allow` and `{ error: { code, message } }`) instead of
// Next.js's empty 405. A route file exports the whole table:
//   export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({ GET: … });
// (HEAD follows GET in Next.js.)
import { databaseUnavailableResponse, isDatabaseUnavailable, logDatabaseUnavailable } from "../db/unavailable";
import { logger } from "../observability/logger";
import { ApiError } from "./api-error";

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
type Method = (typeof METHODS)[number];

type Handler<Context> = (request: Request, context: Context) => Response | Promise<Response>;

export function jsonError(error: ApiError, headers: Record<string, string> = {}): Response {
  return Response.json(error.toBody(), { status: error.status, headers: { "Cache-Control": "no-store", ...headers } });
}

const NOT_SERVED = Symbol("method not served");

/** A handler whose database is unavailable answers 503 JSON with Retry-After, like the rest of the API. */
function answeringUnavailable<Context>(handler: Handler<Context>): Handler<Context> {
  return async (request, context) => {
    try {
      return await handler(request, context);
    } catch (error) {
      if (!isDatabaseUnavailable(error)) throw error;
      logDatabaseUnavailable(logger.child({ component: "route" }), error);
      return databaseUnavailableResponse();
    }
  };
}

/** True for a route export that serves its method, false for routeMethods' 405 answers. */
export function isServedMethod(handler: unknown): boolean {
  return typeof handler === "function" && !(NOT_SERVED in handler);
}

export function routeMethods<Context>(
  handlers: Partial<Record<Method, Handler<Context>>>,
): Record<Method | "OPTIONS", Handler<Context>> {
  const allow = [...METHODS.filter((method) => handlers[method]), "OPTIONS"].join(", ");
  const notAllowed: Handler<Context> = Object.assign(
    (request: Request) =>
      jsonError(new ApiError(405, "METHOD_NOT_ALLOWED", `${request.method} is not allowed here; use ${allow}`), { Allow: allow }),
    { [NOT_SERVED]: true },
  );
  const table = Object.fromEntries(
    METHODS.map((method) => {
      const handler = handlers[method];
      return [method, handler ? answeringUnavailable(handler) : notAllowed];
    }),
  ) as Record<Method, Handler<Context>>;
  return { ...table, OPTIONS: () => new Response(null, { status: 204, headers: { Allow: allow } }) };
}
