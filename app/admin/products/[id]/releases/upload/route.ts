// POST /admin/products/{id}/releases/upload: a release uploaded from Admin → Products → Releases
// (multipart: file, version, channel, changelog, publish). Before a byte of the body is read it
// checks, in this order, the admin's session (re-read from the database: role, session version,
// two-factor when the store requires it) and the Origin (a cross-site form can post multipart
// with the admin's cookie: CSRF). The file then streams to a temp file and createRelease checks,
// stores and records it. JSON answers: 201 { release } or { error: { code, message } } with the
// status of the refusal.
import { randomUUID } from "node:crypto";
import type { SessionUser } from "@/lib/auth/authenticate";
import { authorizeAdminRoute } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { ApiError } from "@/lib/http/api-error";
import { readMultipartUpload } from "@/lib/http/multipart";
import { jsonError, routeMethods } from "@/lib/http/route-methods";
import { isSameOrigin } from "@/lib/http/same-origin";
import { recordIdSchema } from "@/lib/licenses/admin-schemas";
import { createRelease } from "@/lib/releases/create-release";
import { ReleaseError } from "@/lib/releases/errors";
import { releaseUploadFieldsSchema, UPLOAD_FIELD_ERROR_CODES } from "@/lib/releases/release-form-schemas";
import { logger } from "@/lib/observability/logger";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

const MIB = 1024 * 1024;

/** The admin sending this request from the store's own page, or why not. */
async function authorize(request: Request): Promise<{ ok: true; admin: SessionUser } | { ok: false; error: ApiError }> {
  const auth = await authorizeAdminRoute("upload releases");
  if (!auth.ok) return auth;
  const { publicUrl } = getEnv();
  if (!isSameOrigin(request, publicUrl)) {
    const origin = new URL(publicUrl).origin;
    return { ok: false, error: new ApiError(403, "CROSS_SITE_REQUEST", `Upload releases from this store's own pages (${origin})`) };
  }
  return { ok: true, admin: auth.admin };
}

async function uploadRelease(request: Request, { params }: Context): Promise<Response> {
  const auth = await authorize(request);
  if (!auth.ok) return jsonError(auth.error);
  const productId = recordIdSchema.safeParse((await params).id);
  if (!productId.success) return jsonError(new ApiError(404, "NOT_FOUND", "Product not found"));

  let upload: Awaited<ReturnType<typeof readMultipartUpload>> | undefined;
  try {
    upload = await readMultipartUpload(request, { maxFileBytes: getEnv().RELEASE_MAX_MB * MIB, maxFields: 8, maxFieldBytes: 64 * 1024 });
    const { fields, file } = upload;
    const parsed = releaseUploadFieldsSchema.safeParse(fields);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = String(issue?.path[0] ?? "");
      throw new ApiError(400, UPLOAD_FIELD_ERROR_CODES[field] ?? "INVALID_FIELD", issue?.message ?? "Invalid field");
    }
    if (!file) throw new ApiError(400, "FILE_REQUIRED", "Choose the file to upload");
    const release = await createRelease(db, { productId: productId.data, file, ...parsed.data, actor: auth.admin.id });
    const { id, version, channel, status, sizeBytes, sha256 } = release;
    return Response.json({ release: { id, version, channel, status, sizeBytes, sha256 } }, { status: 201, headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    if (error instanceof ReleaseError) return jsonError(error.toApiError());
    if (error instanceof ApiError) return jsonError(error);
    const requestId = request.headers.get("x-request-id") ?? randomUUID();
    logger.child({ component: "admin" }).error({ err: error, requestId }, "release upload failed");
    return jsonError(new ApiError(500, "INTERNAL_ERROR", `The release was not saved; quote request id ${requestId}`));
  } finally {
    await upload?.file?.cleanup();
  }
}

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods<Context>({ POST: uploadRelease });
