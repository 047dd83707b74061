// POST /api/v1/licenses/deactivate: an installed product frees its own environment's slot.
import { handleDeactivate } from "@/lib/licenses/http/endpoints";
import { fromLicenseApiResponse, toLicenseApiRequest } from "@/lib/http/next-license-api";

export async function POST(request: Request) {
  return fromLicenseApiResponse(await handleDeactivate(await toLicenseApiRequest(request)));
}
