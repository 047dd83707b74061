// GET /api/v1/licenses/{key}/activations (read key): the key's activations, newest first, paginated.
import { activationListQuerySchema } from "@/lib/api/activations/schemas";
import { licenseNotFound } from "@/lib/api/errors";
import { apiRoute } from "@/lib/api/http/api-route";
import { parseParams, parseQuery } from "@/lib/api/http/parse-request";
import { getLicenseActivations } from "@/lib/api/licenses/get-license-activations";
import { licenseKeyParamsSchema } from "@/lib/api/licenses/schemas";
import { routeMethods } from "@/lib/http/route-methods";

const listActivations = apiRoute<{ key: string }>("read", async ({ request, params, db }) => {
  const { key } = parseParams(params, licenseKeyParamsSchema, licenseNotFound);
  const query = parseQuery(request, activationListQuerySchema);
  return { status: 200, body: await getLicenseActivations(db, key, query) };
});

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({ GET: listActivations });
