// DELETE /api/v1/activations/{id} (write key): free that activation's slot.
import { deleteActivation } from "@/lib/api/activations/delete-activation";
import { activationIdParamsSchema } from "@/lib/api/activations/schemas";
import { apiError } from "@/lib/api/errors";
import { apiRoute } from "@/lib/api/http/api-route";
import { parseParams } from "@/lib/api/http/parse-request";
import { routeMethods } from "@/lib/http/route-methods";

const deleteActivationRoute = apiRoute<{ id: string }>("write", async ({ params, db, actor }) => {
  const { id } = parseParams(params, activationIdParamsSchema, () => apiError("NOT_FOUND", "Activation does not exist"));
  return { status: 200, body: { message: "Activation deleted", data: await deleteActivation(db, id, actor) } };
});

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({ DELETE: deleteActivationRoute });
