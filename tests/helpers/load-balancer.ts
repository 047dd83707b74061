// A small round-robin HTTP load balancer in front of several store instances, for tests of what a
// client sees while one of them stops. Like nginx with upstream keep-alive connections and
// `proxy_next_upstream error`, it sends each request to the next instance, and when the connection
// is refused or reset before any answer arrived, it tries the next one; an answer, once begun, is
// passed on as it comes (a download streams with backpressure). Requests may name their instance
// in a test-only header, X-Test-Upstream (its index), to hold a request open on a chosen one.
import { Agent, createServer, request as httpRequest, type IncomingMessage, type OutgoingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { readAll } from "./fault-proxy";

export type LoadBalancer = {
  /** http://127.0.0.1:<port> */
  url: string;
  /** Answers passed on, per upstream (by index). */
  answered(): number[];
  /** Attempts that failed before any answer and were tried on another upstream. */
  retries(): number;
  /** Requests no upstream answered (answered 502 here). */
  failures(): number;
  close(): Promise<void>;
};

export const TEST_UPSTREAM_HEADER = "x-test-upstream";
const HOP_BY_HOP = new Set(["connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade", "te", "trailer"]);

export async function startLoadBalancer(upstreamUrls: readonly string[]): Promise<LoadBalancer> {
  const upstreams = upstreamUrls.map((url) => ({ url: new URL(url), agent: new Agent({ keepAlive: true, maxSockets: 32 }) }));
  const answered = upstreams.map(() => 0);
  let retries = 0;
  let failures = 0;
  let next = 0;

  /** One attempt: resolves with the upstream's answer, or rejects when it failed before answering. */
  function attempt(index: number, incoming: IncomingMessage, body: Buffer): Promise<IncomingMessage> {
    const upstream = upstreams[index]!;
    const headers: OutgoingHttpHeaders = { ...incoming.headers, host: upstream.url.host };
    for (const name of [...HOP_BY_HOP, TEST_UPSTREAM_HEADER]) delete headers[name];
    headers["content-length"] = String(body.length);
    return new Promise((resolve, reject) => {
      const outgoing = httpRequest(
        { host: upstream.url.hostname, port: upstream.url.port, method: incoming.method, path: incoming.url, headers, agent: upstream.agent },
        resolve,
      );
      outgoing.on("error", reject);
      outgoing.end(body);
    });
  }

  const server = createServer((incoming, outgoing) => {
    void (async () => {
      const body = await readAll(incoming);
      const pinned = incoming.headers[TEST_UPSTREAM_HEADER];
      const first = pinned !== undefined ? Number(pinned) : next++ % upstreams.length;
      // Each upstream once, starting with this request's turn (a pinned request gets no other).
      const order = pinned !== undefined ? [first] : upstreams.map((_, i) => (first + i) % upstreams.length);
      for (const index of order) {
        let answer: IncomingMessage;
        try {
          answer = await attempt(index, incoming, body);
        } catch {
          retries++; // refused or reset before an answer: the request was not served there
          continue;
        }
        answered[index]!++;
        const headers: OutgoingHttpHeaders = {};
        for (const [name, value] of Object.entries(answer.headers)) if (value !== undefined && !HOP_BY_HOP.has(name)) headers[name] = value;
        outgoing.writeHead(answer.statusCode ?? 502, headers);
        // Begun, so no retry: a break now reaches the client as a broken answer, as behind nginx.
        answer.pipe(outgoing);
        answer.on("error", () => outgoing.destroy());
        return;
      }
      failures++;
      outgoing.writeHead(502, { "Content-Type": "text/plain" }).end("502 Bad Gateway: no upstream answered\n");
    })().catch(() => outgoing.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    answered: () => [...answered],
    retries: () => retries,
    failures: () => failures,
    close: async () => {
      for (const upstream of upstreams) upstream.agent.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
