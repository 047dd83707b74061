import type { z } from "zod";
import { requireUser } from "../auth/session";
import type { SessionUser } from "../auth/authenticate";
import { validatedAction, type ActionState } from "../http/validated-action";

/**
 * A server action for the signed-in customer. The user is resolved first, before the form is
 * parsed; `action` gets it and must scope every query to `user.id` (a key id in a form is only
 * a claim, never proof of ownership).
 */
export function customerAction<Schema extends z.ZodType, State extends ActionState = ActionState>(
  schema: Schema,
  action: (data: z.output<Schema>, user: SessionUser) => Promise<NoInfer<State>>,
  /**
   * Where a signed-out visitor comes back to after signing in; a function may derive it from the
   * form (it must only build a same-site path from it: nothing else is read before the check).
   */
  { returnTo = "/account/licenses" }: { returnTo?: string | ((formData: FormData) => string) } = {},
) {
  return async (previous: State, formData: FormData): Promise<State> => {
    const user = await requireUser(typeof returnTo === "function" ? returnTo(formData) : returnTo);
    return validatedAction<Schema, State>(schema, (data) => action(data, user))(previous, formData);
  };
}
