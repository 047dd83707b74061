"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import { revokeApiKey } from "@/lib/api-keys/revoke-api-key";
import { createApiKeySchema, type ApiKeyScope } from "@/lib/api-keys/schemas";
import { requireAdmin } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { formFields, type ActionState } from "@/lib/http/validated-action";

const PAGE = "/admin/api-keys";

/** ActionState plus the new secret, which exists only in this one answer. */
export type CreateApiKeyState = ActionState & { created?: { name: string; scope: ApiKeyScope; secret: string } };

// Not validatedAction: its ActionState has no room for the secret this action must hand back once.
export async function createApiKeyAction(_previous: CreateApiKeyState, formData: FormData): Promise<CreateApiKeyState> {
  const admin = await requireAdmin(PAGE);
  const parsed = createApiKeySchema.safeParse(formFields(formData));
  if (!parsed.success) {
    const fieldErrors: Record<string, string> = {};
    for (const issue of parsed.error.issues) fieldErrors[String(issue.path[0] ?? "form")] ??= issue.message;
    return { error: "Please correct the highlighted fields.", fieldErrors };
  }
  const { apiKey, secret } = await createApiKey(db, { ...parsed.data, createdBy: admin.id });
  revalidatePath(PAGE);
  return { ok: true, created: { name: apiKey.name, scope: parsed.data.scope, secret } };
}

const revokeSchema = z.object({ id: z.string().min(1).max(100) });

export async function revokeApiKeyAction(formData: FormData): Promise<void> {
  const admin = await requireAdmin(PAGE);
  const parsed = revokeSchema.safeParse(formFields(formData));
  if (!parsed.success) return;
  await revokeApiKey(db, { id: parsed.data.id, actor: admin.id });
  revalidatePath(PAGE);
}
