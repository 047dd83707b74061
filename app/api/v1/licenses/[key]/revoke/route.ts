// POST /api/v1/licenses/{key}/revoke (write key): revoke permanently, with an optional reason.
import { licenseNotFound } from "@/lib/api/errors";
import { apiRoute } from "@/lib/api/http/api-route";
import { parseJsonBody, parseParams } from "@/lib/api/http/parse-request";
import { revokeLicenseByKey } from "@/lib/api/licenses/revoke-license";
import { licenseKeyParamsSchema, revokeLicenseBodySchema } from "@/lib/api/licenses/schemas";
import { routeMethods } from "@/lib/http/route-methods";

const revokeLicense = apiRoute<{ key: string }>("write", async ({ request, params, db, actor }) => {
  const { key } = parseParams(params, licenseKeyParamsSchema, licenseNotFound);
  const body = await parseJsonBody(request, revokeLicenseBodySchema, { optional: true });
  return { status: 200, body: { data: await revokeLicenseByKey(db, key, body, actor) } };
});

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({ POST: revokeLicense });
