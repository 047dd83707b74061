// POST /api/v1/licenses/verify: the public Verify API installed products call.
import { handleVerify } from "@/lib/licenses/http/endpoints";
import { fromLicenseApiResponse, toLicenseApiRequest } from "@/lib/http/next-license-api";

export async function POST(request: Request) {
  return fromLicenseApiResponse(await handleVerify(await toLicenseApiRequest(request)));
}
