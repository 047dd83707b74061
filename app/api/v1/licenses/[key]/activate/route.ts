// POST /api/v1/licenses/{key}/activate (write key): activate a domain or IP, with Verify's rules and codes.
import { licenseNotFound } from "@/lib/api/errors";
import { apiRoute } from "@/lib/api/http/api-route";
import { parseJsonBody, parseParams } from "@/lib/api/http/parse-request";
import { activateLicense } from "@/lib/api/licenses/activate-license";
import { activateLicenseBodySchema, licenseKeyParamsSchema } from "@/lib/api/licenses/schemas";
import { clientIpFromHeaders } from "@/lib/http/client-ip";
import { routeMethods } from "@/lib/http/route-methods";

const activate = apiRoute<{ key: string }>("write", async ({ request, params, db }) => {
  const { key } = parseParams(params, licenseKeyParamsSchema, licenseNotFound);
  const body = await parseJsonBody(request, activateLicenseBodySchema);
  const ip = clientIpFromHeaders(request.headers);
  const caller = { ip: ip === "unknown" ? null : ip, userAgent: request.headers.get("user-agent") };
  return { status: 200, body: { data: await activateLicense(db, key, body, caller) } };
});

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({ POST: activate });
