// Adapts a Next.js Request to the framework-free license endpoints (lib/licenses/http).
import type { LicenseApiRequest, LicenseApiResponse } from "../licenses/http/request";
import { SOCKET_ADDRESS_HEADER, trustedSocketAddress } from "./socket-address";

export async function toLicenseApiRequest(request: Request): Promise<LicenseApiRequest> {
  return {
    contentType: request.headers.get("content-type"),
    body: await request.text(),
    socketAddress: trustedSocketAddress(request.headers.get(SOCKET_ADDRESS_HEADER)),
    forwardedFor: request.headers.get("x-forwarded-for"),
    userAgent: request.headers.get("user-agent"),
  };
}

export function fromLicenseApiResponse(response: LicenseApiResponse): Response {
  return new Response(response.body, { status: response.status, headers: response.headers });
}
