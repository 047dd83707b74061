import { z } from "zod";

/** Admin → Settings. A checkbox is absent from the form when it is off. */
export const storeSettingsFormSchema = z.object({
  localEnvironmentsFree: z
    .enum(["on", "true"])
    .optional()
    .transform((value) => value !== undefined),
});
