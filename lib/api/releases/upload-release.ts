// POST /api/v1/products/{product}/releases: a multipart upload streamed to a temp file (at most
// RELEASE_MAX_MB, never held in memory), its fields parsed with zod, then createRelease, the one
// way a release comes to exist. The product is looked up before a byte of the body is read.
import type { Db } from "../../db";
import { getEnv } from "../../env";
import { readMultipartUpload } from "../../http/multipart";
import { createRelease } from "../../releases/create-release";
import { ReleaseError } from "../../releases/errors";
import { apiError } from "../errors";
import { getProductOrThrow } from "./get-releases";
import { uploadReleaseFieldsSchema, type ReleaseObject } from "./schemas";
import { serializeRelease } from "./serialize-release";

export const releaseMaxBytes = () => getEnv().RELEASE_MAX_MB * 1024 * 1024;

export async function uploadRelease(db: Db, request: Request, productRef: string, actor: string): Promise<ReleaseObject> {
  const product = await getProductOrThrow(db, productRef);
  const { fields, file } = await readMultipartUpload(request, { maxFileBytes: releaseMaxBytes() });
  try {
    const parsed = uploadReleaseFieldsSchema.safeParse(fields);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const message =
        issue?.code === "unrecognized_keys" ? `Unknown field: ${issue.keys.join(", ")}` : issue ? `${issue.path.join(".")}: ${issue.message}` : "Invalid fields";
      throw apiError("VALIDATION_ERROR", message);
    }
    if (!file) throw apiError("FILE_REQUIRED", 'Send the release file in the "file" field');
    const body = parsed.data;
    const release = await createRelease(db, {
      productId: product.id,
      file,
      version: body.version,
      channel: body.channel,
      changelog: body.changelog,
      publish: body.status === "published",
      actor,
    });
    return serializeRelease(release, product);
  } catch (error) {
    await file?.cleanup();
    throw error instanceof ReleaseError ? error.toApiError() : error;
  }
}
