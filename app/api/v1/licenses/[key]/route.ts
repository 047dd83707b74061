// GET /api/v1/licenses/{key} (read key): one license by its key, in any spelling.
import { licenseNotFound } from "@/lib/api/errors";
import { apiRoute } from "@/lib/api/http/api-route";
import { parseParams } from "@/lib/api/http/parse-request";
import { getLicense } from "@/lib/api/licenses/get-license";
import { licenseKeyParamsSchema } from "@/lib/api/licenses/schemas";
import { routeMethods } from "@/lib/http/route-methods";

const getLicenseRoute = apiRoute<{ key: string }>("read", async ({ params, db }) => {
  const { key } = parseParams(params, licenseKeyParamsSchema, licenseNotFound);
  return { status: 200, body: { data: await getLicense(db, key) } };
});

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({ GET: getLicenseRoute });
