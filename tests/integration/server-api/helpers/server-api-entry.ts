// A child process serving the server API's Next.js route handlers (app/api/v1/…/route.ts) over
// node:http, against the database in DATABASE_URL. The handlers use the app's `db` singleton,
// bound to DATABASE_URL on first use, so each test database gets its own process. Like
// server/main.ts it records the socket address in x-cp-socket-address (clients cannot set it).
import { createServer, type IncomingMessage } from "node:http";
import * as activations from "../../../../app/api/v1/activations/[id]/route";
import * as licenseActivate from "../../../../app/api/v1/licenses/[key]/activate/route";
import * as licenseActivations from "../../../../app/api/v1/licenses/[key]/activations/route";
import * as licenseRevoke from "../../../../app/api/v1/licenses/[key]/revoke/route";
import * as license from "../../../../app/api/v1/licenses/[key]/route";
import * as licenses from "../../../../app/api/v1/licenses/route";
import * as openapi from "../../../../app/api/v1/openapi.json/route";
import { markSocketAddressHeaderTrusted, SOCKET_ADDRESS_HEADER } from "../../../../lib/http/socket-address";
import { runAsChildServer } from "../../../helpers/child-server";

markSocketAddressHeaderTrusted();

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Response | Promise<Response>;
type RouteModule = Partial<Record<"GET" | "POST" | "DELETE", Handler>>;

// Most specific first, as Next.js matches static segments before dynamic ones.
const ROUTES: { pattern: RegExp; module: RouteModule }[] = [
  { pattern: /^\/api\/v1\/openapi\.json$/, module: openapi as RouteModule },
  { pattern: /^\/api\/v1\/licenses$/, module: licenses as RouteModule },
  { pattern: /^\/api\/v1\/licenses\/(?<key>[^/]+)\/activate$/, module: licenseActivate as RouteModule },
  { pattern: /^\/api\/v1\/licenses\/(?<key>[^/]+)\/revoke$/, module: licenseRevoke as RouteModule },
  { pattern: /^\/api\/v1\/licenses\/(?<key>[^/]+)\/activations$/, module: licenseActivations as RouteModule },
  { pattern: /^\/api\/v1\/licenses\/(?<key>[^/]+)$/, module: license as RouteModule },
  { pattern: /^\/api\/v1\/activations\/(?<id>[^/]+)$/, module: activations as RouteModule },
];

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function dispatch(incoming: IncomingMessage): Promise<Response> {
  const url = new URL(incoming.url ?? "/", "http://127.0.0.1");
  const route = ROUTES.map((r) => ({ r, match: r.pattern.exec(url.pathname) })).find((m) => m.match);
  if (!route?.match) return Response.json({ error: { code: "NOT_FOUND", message: "No such route" } }, { status: 404 });
  const handler = route.r.module[incoming.method as "GET" | "POST" | "DELETE"];
  if (!handler) return new Response(null, { status: 405 });
  const headers = new Headers();
  for (const [name, value] of Object.entries(incoming.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
  }
  headers.set(SOCKET_ADDRESS_HEADER, incoming.socket.remoteAddress ?? "");
  const body = incoming.method === "GET" || incoming.method === "DELETE" ? undefined : new Uint8Array(await readBody(incoming));
  const request = new Request(url, { method: incoming.method, headers, body });
  // Next.js hands route handlers decoded segments.
  const params = Object.fromEntries(Object.entries(route.match.groups ?? {}).map(([k, v]) => [k, decodeURIComponent(v)]));
  return handler(request, { params: Promise.resolve(params) });
}

const server = createServer((incoming, outgoing) => {
  dispatch(incoming)
    .then(async (response) => {
      outgoing.writeHead(response.status, Object.fromEntries(response.headers));
      outgoing.end(Buffer.from(await response.arrayBuffer()));
    })
    .catch((error: unknown) => {
      console.error("server-api-entry: request failed:", error);
      if (!outgoing.headersSent) outgoing.writeHead(500).end();
    });
});

runAsChildServer(server);
