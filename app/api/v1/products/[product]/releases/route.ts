// GET /api/v1/products/{product}/releases (read key): every release, newest version first.
// POST /api/v1/products/{product}/releases (write key): upload one (multipart, at most RELEASE_MAX_MB).
import { apiRoute } from "@/lib/api/http/api-route";
import { parseParams } from "@/lib/api/http/parse-request";
import { getReleases, productNotFound } from "@/lib/api/releases/get-releases";
import { productParamsSchema } from "@/lib/api/releases/schemas";
import { uploadRelease } from "@/lib/api/releases/upload-release";
import { routeMethods } from "@/lib/http/route-methods";

type Params = { product: string };

const listReleases = apiRoute<Params>("read", async ({ params, db }) => {
  const { product } = parseParams(params, productParamsSchema, productNotFound);
  return { status: 200, body: { data: await getReleases(db, product) } };
});

const createRelease = apiRoute<Params>("write", async ({ request, params, db, actor }) => {
  const { product } = parseParams(params, productParamsSchema, productNotFound);
  return { status: 201, body: { data: await uploadRelease(db, request, product, actor) } };
});

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({ GET: listReleases, POST: createRelease });
