// POST /api/v1/products/{product}/releases/{release}/yank (write key): withdraw a published release.
import { apiRoute } from "@/lib/api/http/api-route";
import { parseParams } from "@/lib/api/http/parse-request";
import { yankReleaseByRef } from "@/lib/api/releases/change-release-status";
import { releaseNotFound } from "@/lib/api/releases/get-releases";
import { releaseParamsSchema } from "@/lib/api/releases/schemas";
import { routeMethods } from "@/lib/http/route-methods";

const yank = apiRoute<{ product: string; release: string }>("write", async ({ params, db, actor }) => {
  const { product, release } = parseParams(params, releaseParamsSchema, releaseNotFound);
  return { status: 200, body: { data: await yankReleaseByRef(db, product, release, actor) } };
});

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({ POST: yank });
