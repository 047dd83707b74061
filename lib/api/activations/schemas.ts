import { z } from "zod";
import { messageSchema, pageQueryShape, paginationSchema, timestampSchema } from "../schemas";

export const activationSchema = z
  .object({
    id: z.string().meta({ example: "cmf2k7x0q0004abcd1234efgh" }),
    environment: z.string().meta({ description: "Canonical domain or IP", example: "example.com" }),
    kind: z.enum(["domain", "ip"]),
    local: z.boolean().meta({ description: "A local or staging host that takes no slot (store setting)" }),
    ip: z.string().nullable().meta({ description: "IP address of the caller that activated it", example: "203.0.113.45" }),
    user_agent: z
      .object({
        browser: z.string().nullable().meta({ description: "Browser or client library", example: "Chrome" }),
        platform: z.string().nullable().meta({ description: "Operating system", example: "Windows" }),
        device: z.string().nullable().meta({ description: "desktop, mobile, tablet, …", example: "desktop" }),
        raw: z.string(),
      })
      .nullable()
      .meta({ description: "The activating caller's user agent, parsed; null when none was sent" }),
    first_seen_at: timestampSchema,
    last_seen_at: timestampSchema,
    deactivated_at: timestampSchema.nullable().meta({ description: "When the slot was freed; null while active" }),
  })
  .meta({ id: "Activation" });
export type ActivationObject = z.infer<typeof activationSchema>;

export const activationListQuerySchema = z.strictObject(pageQueryShape);
export type ActivationListQuery = z.infer<typeof activationListQuerySchema>;

export const activationListResponseSchema = z
  .object({ data: z.array(activationSchema), pagination: paginationSchema })
  .meta({ id: "ActivationList" });

export const activationIdParamsSchema = z.object({
  id: z.string().min(1).max(100).meta({ description: "The activation's `id`", example: "cmf2k7x0q0004abcd1234efgh" }),
});

export const deleteActivationResponseSchema = z
  .object({ message: messageSchema.meta({ example: "Activation deleted" }), data: activationSchema })
  .meta({ id: "DeletedActivation" });
