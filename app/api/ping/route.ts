// GET /api/ping: constant JSON through Next.js's normal request handling; the benchmark's
// framework ceiling (bench/run.ts, scenario a) and a cheap liveness probe.
import { routeMethods } from "@/lib/http/route-methods";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods({ GET: () => Response.json({ ok: true }) });
