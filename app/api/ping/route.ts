// GET /api/ping: constant JSON through Next.js's normal request handling; the benchmark's
// framework ceiling (bench/run.ts, scenario a) and a cheap liveness probe.
export const dynamic = "force-dynamic";

export function GET() {
  return Response.json({ ok: true });
}
