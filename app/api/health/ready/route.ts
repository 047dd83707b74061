// GET /api/health/ready: 200 when this instance can serve (database, migrations, storage, Redis
// when configured), 503 naming the failed check, or while it shuts down (for load balancers'
// readiness probes; /api/health is the liveness probe).
import { checkReadiness } from "@/lib/db/health";
import { routeMethods } from "@/lib/http/route-methods";

export const dynamic = "force-dynamic";

async function ready() {
  const readiness = await checkReadiness();
  return Response.json(readiness, { status: readiness.status === "ready" ? 200 : 503, headers: { "Cache-Control": "no-store" } });
}

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({ GET: ready });
