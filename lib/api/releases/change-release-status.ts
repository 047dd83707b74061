// Publish and yank through the server API: the one way each move is made (lib/releases/
// manage-release.ts), its outcomes turned into answers. 404 unknown, 409 a release not in the
// status the move starts from.
import type { Db } from "../../db";
import { publishRelease, yankRelease, type ReleaseStatus } from "../../releases/manage-release";
import { apiError } from "../errors";
import { getRelease, getReleaseRowOrThrow, releaseNotFound } from "./get-releases";
import type { ReleaseObject } from "./schemas";

const yanked = () => apiError("ALREADY_YANKED", "This release was yanked; yanking is final, so upload a new version instead");

function refusePublish(status: ReleaseStatus) {
  return status === "published" ? apiError("ALREADY_PUBLISHED", "This release is already published") : yanked();
}

function refuseYank(status: ReleaseStatus) {
  return status === "draft" ? apiError("RELEASE_NOT_PUBLISHED", "This release is a draft: only a published release can be yanked") : yanked();
}

export async function publishReleaseByRef(db: Db, productRef: string, releaseRef: string, actor: string): Promise<ReleaseObject> {
  const { product, release } = await getReleaseRowOrThrow(db, productRef, releaseRef);
  const result = await publishRelease(db, { releaseId: release.id, actor });
  if (result.outcome === "not_found") throw releaseNotFound();
  if (result.outcome === "wrong_status") throw refusePublish(result.status);
  return getRelease(db, product.id, release.id);
}

export async function yankReleaseByRef(db: Db, productRef: string, releaseRef: string, actor: string): Promise<ReleaseObject> {
  const { product, release } = await getReleaseRowOrThrow(db, productRef, releaseRef);
  const result = await yankRelease(db, { releaseId: release.id, actor });
  if (result.outcome === "not_found") throw releaseNotFound();
  if (result.outcome === "wrong_status") throw refuseYank(result.status);
  return getRelease(db, product.id, release.id);
}
