// GET /api/v1/openapi.json: the OpenAPI 3.1 document of /api/v1 (public: it describes, it grants nothing).
import { createApiDocument } from "@/lib/api/openapi/document";
import { getEnv } from "@/lib/env";
import { routeMethods } from "@/lib/http/route-methods";

export const dynamic = "force-dynamic";

function openApiDocument() {
  return Response.json(createApiDocument({ serverUrl: getEnv().publicUrl }), {
    headers: { "Cache-Control": "public, max-age=300", "Access-Control-Allow-Origin": "*" },
  });
}

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({ GET: openApiDocument });
