import type { z } from "zod";
import { requireAdmin } from "../auth/session";
import type { SessionUser } from "../auth/authenticate";
import { validatedAction, type ActionState } from "../http/validated-action";

/**
 * A server action for admins only. Server actions are public POST endpoints, so the role is
 * checked first, before the form is even parsed (a customer gets a 403 and learns nothing, not
 * even validation messages); then `schema` parses the form and `action` runs with the admin.
 */
export function adminAction<Schema extends z.ZodType>(
  schema: Schema,
  action: (data: z.output<Schema>, admin: SessionUser) => Promise<ActionState>,
) {
  return async (previous: ActionState, formData: FormData): Promise<ActionState> => {
    const admin = await requireAdmin("/admin");
    return validatedAction(schema, (data) => action(data, admin))(previous, formData);
  };
}
