// GET /api/v1/licenses (read key): one page of licenses. POST /api/v1/licenses (write key): issue one.
import { apiRoute } from "@/lib/api/http/api-route";
import { parseJsonBody, parseQuery } from "@/lib/api/http/parse-request";
import { createLicense } from "@/lib/api/licenses/create-license";
import { getLicenses } from "@/lib/api/licenses/get-licenses";
import { issueLicenseBodySchema, listLicensesQuerySchema } from "@/lib/api/licenses/schemas";
import { routeMethods } from "@/lib/http/route-methods";

const listLicenses = apiRoute("read", async ({ request, db }) => {
  const query = parseQuery(request, listLicensesQuerySchema);
  return { status: 200, body: await getLicenses(db, query) };
});

const issueLicense = apiRoute("write", async ({ request, db, actor }) => {
  const body = await parseJsonBody(request, issueLicenseBodySchema);
  return { status: 201, body: { data: await createLicense(db, body, actor) } };
});

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({ GET: listLicenses, POST: issueLicense });
