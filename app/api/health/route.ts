// GET /api/health: 200 when the database answers, 503 otherwise (for load balancers and monitors).
import { checkDatabase } from "@/lib/db/health";

export const dynamic = "force-dynamic";

export async function GET() {
  const health = await checkDatabase();
  return Response.json(
    health.ok ? { status: "ok", database: health.provider } : { status: "unavailable", database: health.provider },
    { status: health.ok ? 200 : 503, headers: { "Cache-Control": "no-store" } },
  );
}
