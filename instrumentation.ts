// Next.js calls onRequestError for an error a page, a server action or a route handler did not
// catch. The line carries the request id (server/main.ts sets it on every request) and Next.js's
// digest, which app/error.tsx shows the visitor as the "reference": either one finds this line.
import type { Instrumentation } from "next";

export const onRequestError: Instrumentation.onRequestError = async (error, request, context) => {
  // The edge runtime has no pino; this store runs every route on Node.js.
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { logger } = await import("./lib/observability/logger");
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
