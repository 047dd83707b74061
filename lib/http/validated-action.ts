import type { z } from "zod";

/** What every form's server action returns: a message, per-field errors, or success. */
export type ActionState = {
  ok?: boolean;
  message?: string;
  error?: string;
  fieldErrors?: Record<string, string>;
};

/**
 * The fields of a submitted form. A server action is a public endpoint: a crafted request can pass
 * any value where the form should be, and that is an empty form, not a crash.
 */
export function formFields(formData: unknown): Record<string, FormDataEntryValue> {
  return formData instanceof FormData ? Object.fromEntries(formData) : {};
}

/**
 * Wraps a server action so its form data is parsed with `schema` first; invalid input returns
 * field errors and never reaches `action`. Server actions are public endpoints: the action itself
 * must still check who is asking.
 */
export function validatedAction<Schema extends z.ZodType, State extends ActionState = ActionState>(
  schema: Schema,
  action: (data: z.output<Schema>, formData: FormData) => Promise<NoInfer<State>>,
) {
  return async (_previous: State, formData: FormData): Promise<State> => {
    const parsed = schema.safeParse(formFields(formData));
    if (!parsed.success) {
      const fieldErrors: Record<string, string> = {};
      for (const issue of parsed.error.issues) {
        const field = String(issue.path[0] ?? "form");
        fieldErrors[field] ??= issue.message;
      }
      // A State only adds optional fields to ActionState (e.g. recovery codes shown once).
      return { error: "Please correct the highlighted fields.", fieldErrors } as State;
    }
    return action(parsed.data, formData);
  };
}
