// Next.js calls onRequestError for an error a page, a server action or a route handler did not
// catch. The line carries the request id (server/main.ts sets it on every request) and Next.js's
// digest, which app/error.tsx shows the visitor as the "reference": either one finds this line.
import type { Instrumentation } from "next";

export const onRequestError: Instrumentation.onRequestError = async (error, request, context) => {
  // The edge runtime has no pino; this store runs every route on Node.js.
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const [{ logger }, { isDatabaseUnavailable }, { noteDatabaseOutage }] = await Promise.all([
    import("./lib/observability/logger"),
    import("./lib/db/unavailable"),
    import("./lib/db/outage"),
  ]);
  // A page that failed because the database is away: the front door serves its outage page next.
  if (isDatabaseUnavailable(error)) noteDatabaseOutage();
  const requestId = request.headers["x-request-id"];
  logger.child({ component: "next" }).error(
    {
      err: error,
      digest: (error as { digest?: unknown } | null)?.digest,
      requestId: typeof requestId === "string" ? requestId : undefined,
      method: request.method,
      // The route's pattern (/account/licenses/[id]), never the path or its query string.
      route: context.routePath,
      routeType: context.routeType,
    },
    "request failed",
  );
};
