// GET /api/v1/products/{product}/releases/{release} (read key): one release, by version or id.
import { apiRoute } from "@/lib/api/http/api-route";
import { parseParams } from "@/lib/api/http/parse-request";
import { getRelease, releaseNotFound } from "@/lib/api/releases/get-releases";
import { releaseParamsSchema } from "@/lib/api/releases/schemas";
import { routeMethods } from "@/lib/http/route-methods";

const getReleaseRoute = apiRoute<{ product: string; release: string }>("read", async ({ params, db }) => {
  const { product, release } = parseParams(params, releaseParamsSchema, releaseNotFound);
  return { status: 200, body: { data: await getRelease(db, product, release) } };
});

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({ GET: getReleaseRoute });
