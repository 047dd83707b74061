// Any other /api/* path, any method: a JSON 404 like the rest of the API (not the HTML page).
import { ApiError } from "@/lib/http/api-error";
import { jsonError } from "@/lib/http/route-methods";

export const dynamic = "force-dynamic";

function notFound(request: Request) {
  return jsonError(new ApiError(404, "NOT_FOUND", `No API endpoint at ${new URL(request.url).pathname}`));
}

export { notFound as GET, notFound as POST, notFound as PUT, notFound as PATCH, notFound as DELETE, notFound as OPTIONS };
