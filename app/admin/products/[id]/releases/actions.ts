"use server";

// Admin → Products → Releases: publish a draft, yank a published release, edit notes and channel,
// delete a draft. Server actions are public POST endpoints: adminAction checks the admin role
// first, then parses the form; each move is lib/releases/manage-release.ts (conditional update
// and audit entry in one transaction).
import { revalidatePath } from "next/cache";
import { adminAction } from "@/lib/admin/admin-action";
import { db } from "@/lib/db";
import type { ActionState } from "@/lib/http/validated-action";
import { ReleaseError } from "@/lib/releases/errors";
import { deleteDraftRelease, publishRelease, updateRelease, yankRelease } from "@/lib/releases/manage-release";
import type { ReleaseStatus } from "@/lib/releases/release-rules";
import { releaseActionSchema, updateReleaseFormSchema } from "@/lib/releases/release-form-schemas";

const NOT_FOUND: ActionState = { error: "This release no longer exists." };
const wrongStatus = (status: ReleaseStatus): ActionState => ({ error: `This release is ${status === "draft" ? "a draft" : status} now; reload the page.` });

async function versionOf(releaseId: string): Promise<string> {
  const release = await db.release.findUnique({ where: { id: releaseId }, select: { version: true } });
  return release?.version ?? "The release";
}

function refresh(productId: string) {
  revalidatePath(`/admin/products/${productId}/releases`);
}

export const publishReleaseAction = adminAction(releaseActionSchema, async ({ productId, releaseId }, admin) => {
  const result = await publishRelease(db, { releaseId, actor: admin.id });
  if (result.outcome === "not_found") return NOT_FOUND;
  if (result.outcome === "wrong_status") return wrongStatus(result.status);
  refresh(productId);
  return { ok: true, message: `Published ${await versionOf(releaseId)}.` };
});

export const yankReleaseAction = adminAction(releaseActionSchema, async ({ productId, releaseId }, admin) => {
  const result = await yankRelease(db, { releaseId, actor: admin.id });
  if (result.outcome === "not_found") return NOT_FOUND;
  if (result.outcome === "wrong_status") return wrongStatus(result.status);
  refresh(productId);
  return { ok: true, message: `Yanked ${await versionOf(releaseId)}.` };
});

export const deleteDraftReleaseAction = adminAction(releaseActionSchema, async ({ productId, releaseId }, admin) => {
  const version = await versionOf(releaseId);
  const result = await deleteDraftRelease(db, { releaseId, actor: admin.id });
  if (result.outcome === "not_found") return NOT_FOUND;
  if (result.outcome === "wrong_status") return wrongStatus(result.status);
  refresh(productId);
  return { ok: true, message: `Deleted the draft ${version}.` };
});

export const updateReleaseAction = adminAction(updateReleaseFormSchema, async ({ productId, releaseId, channel, changelog }, admin) => {
  try {
    const result = await updateRelease(db, { releaseId, channel, changelog, actor: admin.id });
    if (result.outcome === "not_found") return NOT_FOUND;
    if (result.outcome === "wrong_status") return { error: "Only a draft's channel can change.", fieldErrors: { channel: "Only a draft's channel can change" } };
    refresh(productId);
    return { ok: true, message: result.outcome === "updated" ? "Saved." : "Nothing changed." };
  } catch (error) {
    if (error instanceof ReleaseError) return { error: error.message, fieldErrors: { changelog: error.message } };
    throw error;
  }
});
