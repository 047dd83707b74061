import { z } from "zod";

export const API_KEY_SCOPES = ["read", "write"] as const;
export const apiKeyScopeSchema = z.enum(API_KEY_SCOPES, { error: "Scope must be read or write" });
export type ApiKeyScope = z.infer<typeof apiKeyScopeSchema>;

/** Admin form and CLI input for a new key. */
export const createApiKeySchema = z.object({
  name: z.string({ error: "Enter a name" }).trim().min(1, "Enter a name").max(100, "Name must be at most 100 characters"),
  scope: apiKeyScopeSchema,
});
export type CreateApiKeyInput = z.infer<typeof createApiKeySchema>;

/** A write key may do everything a read key may. */
export function scopeAllows(granted: ApiKeyScope, required: ApiKeyScope): boolean {
  return granted === "write" || required === "read";
}
