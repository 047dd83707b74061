// POST /api/v1/products/{product}/releases/{release}/publish (write key): a draft goes live.
import { apiRoute } from "@/lib/api/http/api-route";
import { parseParams } from "@/lib/api/http/parse-request";
import { publishReleaseByRef } from "@/lib/api/releases/change-release-status";
import { releaseNotFound } from "@/lib/api/releases/get-releases";
import { releaseParamsSchema } from "@/lib/api/releases/schemas";
import { routeMethods } from "@/lib/http/route-methods";

const publish = apiRoute<{ product: string; release: string }>("write", async ({ params, db, actor }) => {
  const { product, release } = parseParams(params, releaseParamsSchema, releaseNotFound);
  return { status: 200, body: { data: await publishReleaseByRef(db, product, release, actor) } };
});

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({ POST: publish });
