// GET /api/health: 200 when the database answers, 503 otherwise (for load balancers and monitors).
import { checkDatabase } from "@/lib/db/health";
import { routeMethods } from "@/lib/http/route-methods";

export const dynamic = "force-dynamic";

async function health() {
  const health = await checkDatabase();
  return Response.json(
    health.ok ? { status: "ok", database: health.provider } : { status: "unavailable", database: health.provider },
    { status: health.ok ? 200 : 503, headers: { "Cache-Control": "no-store" } },
  );
}

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({ GET: health });
