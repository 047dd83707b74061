// A release's life after upload: draft → published → yanked, its notes edited, a draft deleted.
// Each move is one conditional update (so two admins, or an admin and the API, cannot both make
// it) with its audit entry in the same transaction. The file never changes: a published release
// is what customers installed, and a fix is a new version.
import type { Db } from "../db";
import { recordAuditEvent } from "../licenses/audit";
import { getStorage } from "../storage";
import { asReleaseStatus, CHANGELOG_MAX_LENGTH, type ReleaseChannelName, type ReleaseStatus } from "./release-rules";
import { ReleaseError } from "./errors";
import { logger } from "../observability/logger";

export type { ReleaseStatus };
type NotFound = { outcome: "not_found" };
type WrongStatus = { outcome: "wrong_status"; status: ReleaseStatus };

export type PublishReleaseResult = { outcome: "published"; publishedAt: Date } | NotFound | WrongStatus;
export type YankReleaseResult = { outcome: "yanked"; yankedAt: Date } | NotFound | WrongStatus;
export type UpdateReleaseResult = { outcome: "updated" } | { outcome: "unchanged" } | NotFound | WrongStatus;
export type DeleteDraftReleaseResult = { outcome: "deleted" } | NotFound | WrongStatus;

/** Why a conditional update matched nothing: the release is gone, or it has another status. */
async function missedBecause(tx: Pick<Db, "release">, releaseId: string): Promise<NotFound | WrongStatus> {
  const release = await tx.release.findUnique({ where: { id: releaseId }, select: { status: true } });
  return release ? { outcome: "wrong_status", status: asReleaseStatus(release.status) } : { outcome: "not_found" };
}

/** Draft → published: offered to entitled keys from now on. Only a draft can be published. */
export async function publishRelease(db: Db, input: { releaseId: string; actor: string; now?: Date }): Promise<PublishReleaseResult> {
  const now = input.now ?? new Date();
  return db.$transaction(async (tx) => {
    const { count } = await tx.release.updateMany({ where: { id: input.releaseId, status: "draft" }, data: { status: "published", publishedAt: now } });
    if (count === 0) return missedBecause(tx, input.releaseId);
    await recordAuditEvent(tx, { actor: input.actor, action: "release.published", subject: `release:${input.releaseId}` });
    return { outcome: "published", publishedAt: now };
  });
}

/**
 * Published → yanked: offered to no one again (update checks fall back to the newest release
 * still published, download links stop working). The file stays, for the record. Final.
 */
export async function yankRelease(db: Db, input: { releaseId: string; actor: string; now?: Date }): Promise<YankReleaseResult> {
  const now = input.now ?? new Date();
  return db.$transaction(async (tx) => {
    const { count } = await tx.release.updateMany({ where: { id: input.releaseId, status: "published" }, data: { status: "yanked", yankedAt: now } });
    if (count === 0) return missedBecause(tx, input.releaseId);
    await recordAuditEvent(tx, { actor: input.actor, action: "release.yanked", subject: `release:${input.releaseId}` });
    return { outcome: "yanked", yankedAt: now };
  });
}

/**
 * Edits a release's notes at any time, and its channel while it is a draft (a published release
 * stays on the channel sites were offered it on). Throws CHANGELOG_TOO_LONG like createRelease.
 */
export async function updateRelease(
  db: Db,
  input: { releaseId: string; changelog?: string; channel?: ReleaseChannelName; actor: string },
): Promise<UpdateReleaseResult> {
  const changelog = input.changelog?.trim();
  if (changelog !== undefined && changelog.length > CHANGELOG_MAX_LENGTH) {
    throw new ReleaseError("CHANGELOG_TOO_LONG", `The changelog must be at most ${CHANGELOG_MAX_LENGTH.toLocaleString("en-US")} characters`);
  }
  return db.$transaction(async (tx) => {
    const release = await tx.release.findUnique({ where: { id: input.releaseId }, select: { status: true, channel: true, changelog: true } });
    if (!release) return { outcome: "not_found" };
    const channelChanges = input.channel !== undefined && input.channel !== release.channel;
    const changelogChanges = changelog !== undefined && changelog !== release.changelog;
    if (channelChanges && release.status !== "draft") return { outcome: "wrong_status", status: asReleaseStatus(release.status) };
    if (!channelChanges && !changelogChanges) return { outcome: "unchanged" };
    // Conditional on what was read: a publish committed meanwhile keeps its channel.
    const { count } = await tx.release.updateMany({
      where: { id: input.releaseId, ...(channelChanges ? { status: "draft" } : {}) },
      data: { ...(channelChanges ? { channel: input.channel } : {}), ...(changelogChanges ? { changelog } : {}) },
    });
    if (count === 0) return missedBecause(tx, input.releaseId);
    await recordAuditEvent(tx, {
      actor: input.actor,
      action: "release.updated",
      subject: `release:${input.releaseId}`,
      details: { ...(channelChanges ? { channel: { from: release.channel, to: input.channel } } : {}), ...(changelogChanges ? { changelog: true } : {}) },
    });
    return { outcome: "updated" };
  });
}

/** Deletes a draft and then its file (a published or yanked release is history and stays). */
export async function deleteDraftRelease(db: Db, input: { releaseId: string; actor: string }): Promise<DeleteDraftReleaseResult> {
  const result = await db.$transaction(async (tx) => {
    const release = await tx.release.findUnique({ where: { id: input.releaseId }, select: { storageKey: true, productId: true, version: true } });
    if (!release) return { outcome: "not_found" as const };
    const { count } = await tx.release.deleteMany({ where: { id: input.releaseId, status: "draft" } });
    if (count === 0) return missedBecause(tx, input.releaseId);
    await recordAuditEvent(tx, {
      actor: input.actor,
      action: "release.deleted",
      subject: `release:${input.releaseId}`,
      details: { productId: release.productId, version: release.version },
    });
    return { outcome: "deleted" as const, storageKey: release.storageKey };
  });
  if (result.outcome !== "deleted") return result;
  // After the commit: a file without a row is only wasted space; a row without its file is broken.
  await getStorage()
    .delete(result.storageKey)
    .catch((cause: unknown) => logger.child({ component: "releases" }).error({ err: cause, storageKey: result.storageKey }, "could not delete a deleted release's file"));
  return { outcome: "deleted" };
}
