// GET /account/downloads/{licenseId}/{releaseId}: the Download buttons of Account → Downloads and
// the license pages. Checks the customer's session first, then that the key is theirs and may have
// this release (lib/releases/entitlement.ts), then sends the browser to a 10-minute download link
// (the lean server path streams the file and records the download). Answers are JSON, like every
// route handler: a signed-out visitor is redirected to sign in, with a JSON body beside Location.
import { getCurrentUser } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { ApiError } from "@/lib/http/api-error";
import { jsonError, routeMethods } from "@/lib/http/route-methods";
import { recordIdSchema } from "@/lib/licenses/admin-schemas";
import { CUSTOMER_DOWNLOAD_TOKEN_SECONDS, findCustomerDownload } from "@/lib/releases/customer-downloads";
import { createDownloadToken, downloadUrl } from "@/lib/releases/download-token";

export const dynamic = "force-dynamic";

type Params = { licenseId: string; releaseId: string };

function redirectTo(location: string, body: unknown): Response {
  return Response.json(body, { status: 302, headers: { Location: location, "Cache-Control": "no-store" } });
}

async function downloadRelease(request: Request, { params }: { params: Promise<Params> }): Promise<Response> {
  const user = await getCurrentUser();
  if (!user) {
    const back = new URL(request.url).pathname;
    return redirectTo(`/sign-in?callbackUrl=${encodeURIComponent(back)}`, { error: { code: "UNAUTHORIZED", message: "Sign in to download" } });
  }
  const { licenseId, releaseId } = await params;
  const ids = { licenseId: recordIdSchema.safeParse(licenseId), releaseId: recordIdSchema.safeParse(releaseId) };
  if (!ids.licenseId.success || !ids.releaseId.success) return jsonError(new ApiError(404, "NOT_FOUND", "License or release not found"));
  const download = await findCustomerDownload(db, { userId: user.id, licenseId: ids.licenseId.data, releaseId: ids.releaseId.data, now: new Date() });
  if (!download.ok) return jsonError(new ApiError(download.status, download.code, download.reason));
  const token = await createDownloadToken(db, {
    licenseId: download.license.id,
    releaseId: download.release.id,
    environment: null,
    expiresInSeconds: CUSTOMER_DOWNLOAD_TOKEN_SECONDS,
  });
  return redirectTo(downloadUrl(token), { download_url: downloadUrl(token) });
}

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods<{ params: Promise<Params> }>({ GET: downloadRelease });
